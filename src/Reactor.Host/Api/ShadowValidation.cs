using Reactor.Host.Api.Contracts;
using Reactor.Inference.Onnx;
using Reactor.Runtime.Shadow;
using Reactor.Streaming.Kafka.Replay;
using Reactor.Streaming.Kafka.Shadow;

namespace Reactor.Host.Api;

/// <summary>Checks a shadow evaluation request against what the host runs: entity types, their candidate rules, registered models, topics.</summary>
internal sealed class ShadowValidation(EntityResolver entities, IngestTopics topics, IServiceProvider services)
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

    private string? Check(ShadowRequest? request)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.EntityType))
        {
            return "Send {\"entityType\": \"customer\", \"candidateRules\": [...] and/or \"modelOverrides\": {\"fraud\": \"fraud-candidate\"}, \"from\": \"earliest\", \"compareFrom\": ..., \"to\": ...}.";
        }

        if (entities.ClassOf(request.EntityType) is not { } grainClass)
        {
            return $"There is no entity type '{request.EntityType}'.";
        }

        var candidates = ShadowEvaluations.CandidateRulesOf(grainClass);
        var unknownRules = (request.CandidateRules ?? []).Where(r => !candidates.Contains(r)).ToList();
        if (unknownRules.Count > 0)
        {
            return $"Entity type '{request.EntityType}' declares no candidate version of {Quoted(unknownRules)}; its candidate rules: {(candidates.Count == 0 ? "none" : Quoted(candidates))}.";
        }

        var models = (services.GetService(typeof(IModelRegistry)) as IModelRegistry)?.Names ?? [];
        var unknownModels = (request.ModelOverrides ?? new Dictionary<string, string>()).Where(o => string.IsNullOrWhiteSpace(o.Key) || !models.Contains(o.Value)).Select(o => o.Value).ToList();
        if (unknownModels.Count > 0)
        {
            return $"Model overrides name models that are not registered: {Quoted(unknownModels)}; registered: {(models.Count == 0 ? "none" : Quoted(models))}.";
        }

        var unknownTopics = (request.Topics ?? []).Except(topics.Names, StringComparer.Ordinal).ToList();
        if (unknownTopics.Count > 0)
        {
            return $"The host does not read {Quoted(unknownTopics)}; it reads {Quoted(topics.Names)}.";
        }

        if (request.To is { } to && request.CompareFrom is { } compareFrom && to <= compareFrom)
        {
            return "'to' must be after 'compareFrom'.";
        }

        if (request.MaxEntities < 1 || request.MaxDiffEntries < 0)
        {
            return "'maxEntities' must be 1 or more and 'maxDiffEntries' 0 or more.";
        }

        return null;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
