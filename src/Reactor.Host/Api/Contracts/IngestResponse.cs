namespace Reactor.Host.Api.Contracts;

/// <summary>The events an ingest request wrote to Kafka, in request order.</summary>
/// <param name="Events">Each event and its log position.</param>
public sealed record IngestResponse(IReadOnlyList<AcceptedEvent> Events);
