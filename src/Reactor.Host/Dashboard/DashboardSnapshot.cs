namespace Reactor.Host.Dashboard;

/// <summary>What the dashboard shows: totals, the latest second, lag per partition and the recent history.</summary>
/// <param name="EventsApplied">Events applied since the host started.</param>
/// <param name="Reactions">Rules fired since the host started.</param>
/// <param name="DeadLetters">Events dead-lettered since the host started.</param>
/// <param name="ActiveEntities">Entity activations in the host.</param>
/// <param name="Lag">Consumer lag per partition read by this host.</param>
/// <param name="History">The last samples, one per second, oldest first.</param>
public sealed record DashboardSnapshot(
    long EventsApplied,
    long Reactions,
    long DeadLetters,
    long ActiveEntities,
    IReadOnlyList<PartitionLag> Lag,
    IReadOnlyList<DashboardSample> History);
