using System.Globalization;
using System.Text.Json;
using Reactor.Host.Api.Contracts;

namespace Reactor.Host.Api;

/// <summary>Maps the ingest routes: CloudEvents JSON over HTTP, validated as the transport would, produced to Kafka.</summary>
internal static class IngestEndpoints
{
    private const string SingleMediaType = "application/cloudevents+json";
    private const string BatchMediaType = "application/cloudevents-batch+json";

    public static void MapIngestEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/topics/{topic}/events", IngestOneAsync)
            .WithName("IngestEvent")
            .WithSummary("Writes one CloudEvents 1.0 JSON event (structured mode) to a topic the host reads.")
            .WithDescription("The entity id is the event's `subject`. The event is checked as the transport checks it (envelope, registered `type`, a `data` that deserializes) and nothing is written if it fails. The request's trace context goes with it as the Kafka `traceparent` header.")
            .Accepts<JsonElement>(SingleMediaType, "application/json")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapPost("/topics/{topic}/events/batch", IngestBatchAsync)
            .WithName("IngestEventBatch")
            .WithSummary("Writes a batch of CloudEvents 1.0 JSON events (a JSON array) to a topic, all or none.")
            .Accepts<JsonElement[]>(BatchMediaType, "application/json")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> IngestOneAsync(string topic, HttpRequest request, IngestServices ingest, CancellationToken cancellationToken)
    {
        if (ingest.CheckTopic(topic) is { } unknown)
        {
            return unknown;
        }

        if (!HasMediaType(request, SingleMediaType))
        {
            return ApiProblems.UnsupportedMediaType($"{SingleMediaType} (or application/json)");
        }

        var (body, problem) = await BoundedBody.ReadAsync(request, ingest.Options.MaxEventBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await ingest.ValidateAndProduceAsync(topic, [body!], cancellationToken);
    }

    private static async Task<IResult> IngestBatchAsync(string topic, HttpRequest request, IngestServices ingest, CancellationToken cancellationToken)
    {
        if (ingest.CheckTopic(topic) is { } unknown)
        {
            return unknown;
        }

        if (!HasMediaType(request, BatchMediaType))
        {
            return ApiProblems.UnsupportedMediaType($"{BatchMediaType} (or application/json)");
        }

        var (body, problem) = await BoundedBody.ReadAsync(request, ingest.Options.MaxBatchBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        List<byte[]> events;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ApiProblems.BadRequest("A batch is a JSON array of CloudEvents.");
            }

            events = [.. document.RootElement.EnumerateArray().Select(e => JsonSerializer.SerializeToUtf8Bytes(e))];
        }
        catch (JsonException ex)
        {
            return ApiProblems.BadRequest($"The body is not JSON: {ex.Message}");
        }

        if (events.Count == 0 || events.Count > ingest.Options.MaxBatchEvents)
        {
            return ApiProblems.BadRequest(string.Create(CultureInfo.InvariantCulture, $"A batch holds 1 to {ingest.Options.MaxBatchEvents} events (this one has {events.Count})."));
        }

        return await ingest.ValidateAndProduceAsync(topic, events, cancellationToken);
    }

    private static bool HasMediaType(HttpRequest request, string expected)
    {
        var contentType = request.ContentType ?? "";
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
