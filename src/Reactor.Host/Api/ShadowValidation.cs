using Reactor.Host.Api.Contracts;
using Reactor.Inference.Onnx;
using Reactor.Streaming.Kafka.Replay;
using Reactor.Streaming.Kafka.Shadow;

namespace Reactor.Host.Api;

/// <summary>Turns a shadow evaluation request into the Kafka provider's, checking what only the host knows (its registered models).</summary>
internal sealed class ShadowValidation(IServiceProvider services)
{
    /// <summary>Turns a request into the provider's request, or says what is wrong with it.</summary>
    public bool TryValidate(ShadowRequest? request, out KafkaShadowRequest? valid, out string? problem)
    {
        valid = null;
        problem = Check(request);
        if (problem is not null)
        {
            return false;
        }

        KafkaRewindTarget from;
        try
        {
            from = KafkaRewindTarget.Parse(request!.From ?? "earliest");
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            problem = ex.Message.Replace("rewind target", "start ('from')", StringComparison.Ordinal);
            return false;
        }

        if (from.Timestamp is { } start && request.To is { } end && end <= start)
        {
            problem = "'to' must be after 'from'.";
            return false;
        }

        valid = new KafkaShadowRequest
        {
            EntityType = request.EntityType,
            Topics = request.Topics ?? [],
            From = from,
            To = request.To,
            CompareFrom = request.CompareFrom,
            CandidateRules = request.CandidateRules ?? [],
            ModelOverrides = request.ModelOverrides ?? new Dictionary<string, string>(),
            MaxEntities = request.MaxEntities,
            MaxDiffEntries = request.MaxDiffEntries,
        };
        return true;
    }

    // The shadow grain checks the entity type, its candidate rules and topics, and the range; only the models, which the
    // Kafka provider cannot see, are checked here.
    private string? Check(ShadowRequest? request)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.EntityType))
        {
            return "Send {\"entityType\": \"customer\", \"candidateRules\": [...] and/or \"modelOverrides\": {\"fraud\": \"fraud-candidate\"}, \"from\": \"earliest\", \"compareFrom\": ..., \"to\": ...}.";
        }

        var models = (services.GetService(typeof(IModelRegistry)) as IModelRegistry)?.Names ?? [];
        var unknownModels = (request.ModelOverrides ?? new Dictionary<string, string>()).Where(o => string.IsNullOrWhiteSpace(o.Key) || !models.Contains(o.Value)).Select(o => o.Value).ToList();
        return unknownModels.Count > 0
            ? $"Model overrides name models that are not registered: {Quoted(unknownModels)}; registered: {(models.Count == 0 ? "none" : Quoted(models))}."
            : null;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
