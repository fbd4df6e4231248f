namespace Reactor.Abstractions;

/// <summary>
/// Lets services read an entity: its current state snapshot and the decisions it made.
/// Every Reactor entity grain implements it; user grain interfaces may extend it.
/// </summary>
[Alias("reactor.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>Gets the entity's current state, state version and applied positions.</summary>
    /// <returns>The snapshot.</returns>
    [Alias("GetSnapshot")]
    Task<EntitySnapshot> GetSnapshotAsync();

    /// <summary>Lists the entity's decisions recorded at or after <paramref name="since"/> and before <paramref name="until"/>, oldest first.</summary>
    /// <param name="since">The earliest decision time to include.</param>
    /// <param name="until">The time before which decisions are included; <see langword="null"/> for now.</param>
    /// <returns>The decisions in the range.</returns>
    [Alias("GetDecisions")]
    Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(DateTimeOffset since, DateTimeOffset? until = null);

    /// <summary>Makes everything the entity has applied durable now: state, positions and decision records.</summary>
    /// <returns>
    /// The positions that are durable once the call returns (last applied offset per <c>topic/partition</c>).
    /// A caller that delivered an event checks that its offset is covered: an activation that lost unflushed
    /// events (its silo died) reports older positions, and the caller must deliver those events again.
    /// </returns>
    [Alias("Flush")]
    Task<IReadOnlyDictionary<string, long>> FlushAsync();

    /// <summary>
    /// Starts making what the entity has applied durable, without waiting for the write, and reports both positions.
    /// A transport commits an offset once <see cref="EntityDurability.Durable"/> covers the events it delivered; while
    /// only <see cref="EntityDurability.Applied"/> covers them the write is pending and it asks again later; when
    /// neither does, the activation lost them (its silo died) and the transport must deliver them again. Positions only
    /// count within the replay epoch the transport stamped on the events (<see cref="EntityDurability.Epochs"/>): an
    /// activation at an older epoch lost the rebuilt state and must be given the replayed events again.
    /// </summary>
    /// <returns>The applied and durable positions.</returns>
    [Alias("Checkpoint")]
    Task<EntityDurability> CheckpointAsync();
}
