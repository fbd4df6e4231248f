namespace Reactor.Host.Configuration;

/// <summary>How the host's silo finds the other silos of its cluster.</summary>
public enum ClusterMembership
{
    /// <summary>A single silo on loopback ports (the embedded default; no cluster).</summary>
    Localhost,

    /// <summary>A Redis membership table shared by every silo of the cluster (the production profile).</summary>
    Redis,
}
