namespace Reactor.Host.Dashboard;

/// <summary>One second of the host's activity, as the dashboard charts it.</summary>
/// <param name="Time">When the second ended.</param>
/// <param name="EventsPerSecond">Events applied per second.</param>
/// <param name="ReactionsPerSecond">Rules fired per second.</param>
/// <param name="DeadLettersPerSecond">Events dead-lettered per second.</param>
/// <param name="Freshness">Event time to the end of evaluation in the second: p50, p90, p99 in ms (null when no event).</param>
/// <param name="DecisionLatency">Event time to decision in the second: p50, p90, p99 in ms (null when no decision).</param>
/// <param name="TotalLag">Consumer lag summed over the partitions.</param>
public sealed record DashboardSample(
    DateTimeOffset Time,
    double EventsPerSecond,
    double ReactionsPerSecond,
    double DeadLettersPerSecond,
    Percentiles? Freshness,
    Percentiles? DecisionLatency,
    long TotalLag);
