namespace Reactor.Runtime.Shadow;

/// <summary>Reports a shadow evaluation: per rule, the decisions made live next to those the shadow run would have made, and the first differences.</summary>
[GenerateSerializer, Immutable, Alias("reactor.ShadowReport")]
public sealed record ShadowReport
{
    /// <summary>Gets the entity type evaluated.</summary>
    [Id(0)] public required string EntityType { get; init; }

    /// <summary>Gets the entities whose state was folded.</summary>
    [Id(1)] public long Entities { get; init; }

    /// <summary>Gets the events applied to state (warm-up included).</summary>
    [Id(2)] public long EventsApplied { get; init; }

    /// <summary>Gets the events the entity type did not apply: types it does not handle, or events its engine would dead-letter.</summary>
    [Id(3)] public long EventsSkipped { get; init; }

    /// <summary>Gets each rule's counts, by rule id.</summary>
    [Id(4)] public IReadOnlyList<ShadowRuleCounts> Rules { get; init; } = [];

    /// <summary>Gets the first differences, ordered by entity and triggering position, at most <see cref="ShadowOptions.MaxDiffEntries"/>.</summary>
    [Id(5)] public IReadOnlyList<ShadowDiff> Diffs { get; init; } = [];

    /// <summary>Gets the differences counted but left out of <see cref="Diffs"/>.</summary>
    [Id(6)] public long DiffsOmitted { get; init; }

    /// <summary>Gets the decisions compared (live and shadow, in the compared range).</summary>
    [Id(7)] public long DecisionsCompared { get; init; }
}
