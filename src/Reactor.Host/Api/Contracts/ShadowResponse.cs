using Reactor.Runtime.Shadow;
using Reactor.Streaming.Kafka.Shadow;

namespace Reactor.Host.Api.Contracts;

/// <summary>A shadow evaluation's progress, and its report once completed.</summary>
/// <param name="Id">The evaluation's id.</param>
/// <param name="State">Reading, Comparing, Completed, Failed or Cancelled.</param>
/// <param name="EntityType">The entity type evaluated.</param>
/// <param name="Topics">The topics read.</param>
/// <param name="From">Where the partitions started.</param>
/// <param name="To">The time reading stopped before, or <see langword="null"/> for the high watermarks at the start.</param>
/// <param name="CompareFrom">The event time decisions are compared from, or <see langword="null"/> for all.</param>
/// <param name="CandidateRules">The rules whose candidate versions ran.</param>
/// <param name="ModelOverrides">The models scored in place of others.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it stopped, or <see langword="null"/> while it runs.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="Progress">The fraction of records read, 0 to 1.</param>
/// <param name="RecordsRead">Records read so far.</param>
/// <param name="RecordsTotal">Records to read.</param>
/// <param name="RecordsSkipped">Records the live path would dead-letter: counted, not dead-lettered again.</param>
/// <param name="Entities">Entities held so far.</param>
/// <param name="DecisionsWouldHave">Decisions the shadow run would have made so far in the compared range.</param>
/// <param name="Partitions">Each partition's range and progress.</param>
/// <param name="Report">The per-rule counts and diff entries, once completed.</param>
public sealed record ShadowResponse(
    long Id,
    KafkaShadowState State,
    string EntityType,
    IReadOnlyList<string> Topics,
    string From,
    DateTimeOffset? To,
    DateTimeOffset? CompareFrom,
    IReadOnlyList<string> CandidateRules,
    IReadOnlyDictionary<string, string> ModelOverrides,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    double Progress,
    long RecordsRead,
    long RecordsTotal,
    long RecordsSkipped,
    long Entities,
    long DecisionsWouldHave,
    IReadOnlyList<KafkaShadowPartitionStatus> Partitions,
    ShadowReport? Report)
{
    internal static ShadowResponse Of(KafkaShadowStatus status) => new(
        status.Id,
        status.State,
        status.Request.EntityType,
        status.Request.Topics,
        status.Request.From.ToString(),
        status.Request.To,
        status.Request.CompareFrom,
        status.Request.CandidateRules,
        status.Request.ModelOverrides,
        status.StartedAt,
        status.FinishedAt,
        status.Error,
        status.State == KafkaShadowState.Completed ? 1 : status.RecordsTotal == 0 ? 0 : (double)status.RecordsRead / status.RecordsTotal,
        status.RecordsRead,
        status.RecordsTotal,
        status.RecordsSkipped,
        status.Entities,
        status.DecisionsWouldHave,
        status.Partitions,
        status.Report);
}
