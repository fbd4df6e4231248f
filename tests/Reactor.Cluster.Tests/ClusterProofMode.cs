namespace Reactor.Cluster.Tests;

/// <summary>
/// The size of the multi-process cluster proof. CI runs the short mode (a few minutes); set
/// <c>REACTOR_CLUSTER_PROOF=full</c> for the benchmark-style run that docs/cluster.md reports.
/// </summary>
internal sealed record ClusterProofMode(string Name, int Customers, int EventsPerSecond, TimeSpan LoadBeforeKill, TimeSpan LoadAfterRecovery)
{
    public static ClusterProofMode Current =>
        string.Equals(Environment.GetEnvironmentVariable("REACTOR_CLUSTER_PROOF"), "full", StringComparison.OrdinalIgnoreCase)
            ? new("full", Customers: 2_000, EventsPerSecond: 400, LoadBeforeKill: TimeSpan.FromSeconds(60), LoadAfterRecovery: TimeSpan.FromSeconds(30))
            : new("short", Customers: 300, EventsPerSecond: 150, LoadBeforeKill: TimeSpan.FromSeconds(10), LoadAfterRecovery: TimeSpan.FromSeconds(5));
}
