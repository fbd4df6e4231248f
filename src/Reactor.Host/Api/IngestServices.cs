using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Reactor.Host.Configuration;

namespace Reactor.Host.Api;

/// <summary>What the ingest and command routes share: the topics they may write, validation, the producer and the limits.</summary>
internal sealed class IngestServices(IngestTopics topics, IngestValidation validation, KafkaIngestProducer producer, IOptions<ApiHostOptions> options)
{
    public ApiHostOptions Options => options.Value;

    public IngestValidation Validation => validation;

    /// <summary>Returns a 404 problem when the host does not read <paramref name="topic"/>.</summary>
    public IResult? CheckTopic(string topic) =>
        topics.Names.Contains(topic, StringComparer.Ordinal)
            ? null
            : ApiProblems.NotFound($"The host does not read topic '{topic}'; it reads {string.Join(", ", topics.Names)}.");

    /// <summary>Validates every event, then, only if all are valid, produces them in order.</summary>
    public async Task<IResult> ValidateAndProduceAsync(string topic, IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        var accepted = new List<(string Id, string EntityId, byte[] Json)>(events.Count);
        var errors = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            if (validation.Validate(events[i], topic, out var envelope) is { } error)
            {
                errors.Add(events.Count == 1 ? error : string.Create(CultureInfo.InvariantCulture, $"[{i}] {error}"));
            }
            else
            {
                accepted.Add((envelope!.Id, envelope.EntityId, events[i]));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.BadRequest((events.Count == 1 ? "" : "No event was written. ") + string.Join(" ", errors.Take(20)));
        }

        return await ProduceAsync(topic, accepted, cancellationToken);
    }

    /// <summary>Produces validated events and answers 202 with their positions, or 503 when Kafka cannot take them.</summary>
    public async Task<IResult> ProduceAsync(string topic, IReadOnlyList<(string Id, string EntityId, byte[] Json)> events, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Accepted(value: new Contracts.IngestResponse(await producer.ProduceAsync(topic, events, cancellationToken)));
        }
        catch (KafkaException ex)
        {
            return ApiProblems.Unavailable($"Kafka did not take the events: {ex.Error.Reason}");
        }
    }
}
