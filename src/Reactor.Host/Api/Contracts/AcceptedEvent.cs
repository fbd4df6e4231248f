namespace Reactor.Host.Api.Contracts;

/// <summary>Where an ingested event or command was written.</summary>
/// <param name="Id">The CloudEvents id.</param>
/// <param name="EntityId">The entity the event is about (the Kafka key).</param>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset.</param>
public sealed record AcceptedEvent(string Id, string EntityId, string Topic, int Partition, long Offset);
