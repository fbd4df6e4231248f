namespace Reactor.Host.Configuration;

/// <summary>
/// Configures how the host joins an Orleans cluster (section <c>Reactor:Cluster</c>). The default is the embedded
/// single silo; <see cref="Membership"/> = <see cref="ClusterMembership.Redis"/> is the production profile: Redis
/// membership and reminders, Azure Blob state and partition leases, an external Kafka.
/// </summary>
public sealed class ClusteringHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Cluster";

    /// <summary>Gets or sets how silos find each other. Default: <see cref="ClusterMembership.Localhost"/>.</summary>
    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    /// <summary>Gets or sets the Orleans service id: the same for every deployment of one application, kept across upgrades. Default: <c>reactor</c>.</summary>
    public string ServiceId { get; set; } = "reactor";

    /// <summary>Gets or sets the Orleans cluster id: silos with the same id form one cluster. Default: <c>reactor</c>.</summary>
    public string ClusterId { get; set; } = "reactor";

    /// <summary>
    /// Gets or sets the IP address other silos and clients reach this silo on. Default: none, which means the pod IP
    /// under Kubernetes hosting, and otherwise the first address of the host name.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Gets or sets how long a silo holds a Kafka partition's lease without renewing it: after a silo dies, its
    /// partitions move to the survivors within about this time. Between 15 and 60 seconds (Azure blob leases). Default: 60 seconds.
    /// </summary>
    public TimeSpan PartitionLeaseLength { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the Redis connection (section <c>Reactor:Cluster:Redis</c>).</summary>
    public RedisHostOptions Redis { get; set; } = new();

    /// <summary>Gets or sets the Kubernetes hosting settings (section <c>Reactor:Cluster:Kubernetes</c>).</summary>
    public KubernetesHostOptions Kubernetes { get; set; } = new();
}
