namespace Reactor.Abstractions;

/// <summary>
/// Reports how far an entity has applied events and how far that is durable, per <c>topic/partition</c>
/// (see <see cref="IEntityGrain.CheckpointAsync"/>).
/// </summary>
/// <param name="Applied">The last applied offset per partition, in the activation's memory.</param>
/// <param name="Durable">The last offset per partition whose effects are in storage, counting only state of the current replay epochs.</param>
/// <param name="Epochs">
/// The replay epoch per topic of the activation's state (a rewind's id; topics never rewound are absent). Offsets are
/// only comparable within an epoch: an activation that reports an older epoch than its events were stamped with holds
/// state from before the rewind (its silo died before it wrote the rebuilt state), whatever its positions say.
/// <see langword="null"/> when the sender predates epochs in this report.
/// </param>
[GenerateSerializer, Immutable, Alias("reactor.EntityDurability")]
public sealed record EntityDurability(
    [property: Id(0)] IReadOnlyDictionary<string, long> Applied,
    [property: Id(1)] IReadOnlyDictionary<string, long> Durable,
    [property: Id(2)] IReadOnlyDictionary<string, long>? Epochs = null);
