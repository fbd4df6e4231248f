using Reactor.Abstractions;

namespace Reactor.Runtime.Shadow;

/// <summary>One difference between what was decided live and what the shadow run would have decided.</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Trigger">The triggering event's position (topic, partition, offset).</param>
/// <param name="EventTime">The triggering event's time.</param>
/// <param name="Kind">How the two differ.</param>
/// <param name="Live">The live decision, or <see langword="null"/> when the rule did not fire live.</param>
/// <param name="Shadow">The shadow decision, or <see langword="null"/> when it would not have fired.</param>
[GenerateSerializer, Immutable, Alias("reactor.ShadowDiff")]
public sealed record ShadowDiff(
    [property: Id(0)] string EntityId,
    [property: Id(1)] string RuleId,
    [property: Id(2)] LogPosition Trigger,
    [property: Id(3)] DateTimeOffset EventTime,
    [property: Id(4)] ShadowDiffKind Kind,
    [property: Id(5)] ShadowDecisionSummary? Live,
    [property: Id(6)] ShadowDecisionSummary? Shadow);
