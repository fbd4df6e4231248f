namespace Reactor.Abstractions;

/// <summary>
/// Reports how far an entity has applied events and how far that is durable, per <c>topic/partition</c>
/// (see <see cref="IEntityGrain.CheckpointAsync"/>).
/// </summary>
/// <param name="Applied">The last applied offset per partition, in the activation's memory.</param>
/// <param name="Durable">The last offset per partition whose effects are in storage.</param>
[GenerateSerializer, Immutable, Alias("reactor.EntityDurability")]
public sealed record EntityDurability(
    [property: Id(0)] IReadOnlyDictionary<string, long> Applied,
    [property: Id(1)] IReadOnlyDictionary<string, long> Durable);
