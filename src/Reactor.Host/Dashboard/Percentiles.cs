using Reactor.Runtime.Metrics;

namespace Reactor.Host.Dashboard;

/// <summary>Latency percentiles in milliseconds.</summary>
/// <param name="P50">The median.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
public sealed record Percentiles(double P50, double P90, double P99)
{
    internal static Percentiles? From(LatencySummary summary) =>
        summary.Count == 0
            ? null
            : new Percentiles(Ms(summary.Percentile(0.5)), Ms(summary.Percentile(0.9)), Ms(summary.Percentile(0.99)));

    private static double Ms(TimeSpan? latency) => Math.Round(latency?.TotalMilliseconds ?? 0, 1);
}
