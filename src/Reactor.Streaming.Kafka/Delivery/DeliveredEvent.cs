namespace Reactor.Streaming.Kafka.Delivery;

/// <summary>An event whose delivery finished, as the receiver's checkpoint tracking needs it.</summary>
/// <param name="Offset">The event's offset.</param>
/// <param name="Generation">The read generation it was read in.</param>
/// <param name="Failed">Whether its delivery failed for good (the entity did not apply it).</param>
/// <param name="EntityId">The entity it was for.</param>
internal readonly record struct DeliveredEvent(long Offset, int Generation, bool Failed, string EntityId);
