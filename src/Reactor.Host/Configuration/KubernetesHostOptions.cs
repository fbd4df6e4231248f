namespace Reactor.Host.Configuration;

/// <summary>
/// Turns on Orleans' Kubernetes hosting (section <c>Reactor:Cluster:Kubernetes</c>): the silo takes its name, address,
/// service id and cluster id from the pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>ORLEANS_SERVICE_ID</c>,
/// <c>ORLEANS_CLUSTER_ID</c>, set through the downward API), and silos whose pod is gone are declared dead at once.
/// Needs a Role that can get, list, watch and delete pods (the Helm chart renders it).
/// </summary>
public sealed class KubernetesHostOptions
{
    /// <summary>Gets or sets a value indicating whether Kubernetes hosting is on. Default: <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets a value indicating whether pods of silos declared dead are deleted. Default: <see langword="true"/>.</summary>
    public bool DeleteDefunctSiloPods { get; set; } = true;
}
