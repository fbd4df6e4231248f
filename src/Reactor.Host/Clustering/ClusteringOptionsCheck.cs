using System.Net;
using Microsoft.Extensions.Options;
using Reactor.Host.Configuration;
using StackExchange.Redis;

namespace Reactor.Host.Clustering;

/// <summary>Rejects cluster settings that cannot work, naming the setting; run before the silo is built.</summary>
internal static class ClusteringOptionsCheck
{
    private const string Section = ClusteringHostOptions.SectionName;

    /// <summary>The environment the Kubernetes hosting reads, set by the chart through the downward API.</summary>
    internal static readonly string[] KubernetesEnvironment = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    /// <summary>Throws when a cluster setting is missing, invalid or does not fit the rest of the configuration.</summary>
    /// <param name="cluster">The cluster settings.</param>
    /// <param name="storage">The storage settings.</param>
    /// <param name="devBroker">The embedded broker settings.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static void ThrowIfInvalid(ClusteringHostOptions cluster, StorageHostOptions storage, DevBrokerHostOptions devBroker, Func<string, string?> environment)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(cluster.Membership))
        {
            failures.Add($"{Section}:Membership must be Localhost or Redis.");
        }
        else if (cluster.Membership == ClusterMembership.Redis)
        {
            CheckRedisProfile(failures, cluster, storage, devBroker, environment);
        }
        else if (cluster.Kubernetes.Enabled)
        {
            failures.Add($"{Section}:Kubernetes:Enabled needs {Section}:Membership Redis (Kubernetes hosting does not replace the membership table).");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ClusteringHostOptions), failures);
        }
    }

    private static void CheckRedisProfile(List<string> failures, ClusteringHostOptions cluster, StorageHostOptions storage, DevBrokerHostOptions devBroker, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(cluster.Redis.ConnectionString))
        {
            failures.Add($"{Section}:Redis:ConnectionString is required when {Section}:Membership is Redis.");
        }
        else
        {
            try
            {
                var parsed = ConfigurationOptions.Parse(cluster.Redis.ConnectionString);
                if (parsed.EndPoints.Count == 0)
                {
                    failures.Add($"{Section}:Redis:ConnectionString names no Redis endpoint (host:port).");
                }
            }
            catch (ArgumentException ex)
            {
                // The parser's message quotes only the offending option's name, never the password.
                failures.Add($"{Section}:Redis:ConnectionString is not a valid Redis connection string: {ex.Message}");
            }
        }

        CheckId(failures, $"{Section}:ServiceId", cluster.ServiceId);
        CheckId(failures, $"{Section}:ClusterId", cluster.ClusterId);
        if (cluster.AdvertisedAddress is not null && !IPAddress.TryParse(cluster.AdvertisedAddress, out _))
        {
            failures.Add($"{Section}:AdvertisedAddress must be an IP address (was '{cluster.AdvertisedAddress}').");
        }

        if (cluster.PartitionLeaseLength < TimeSpan.FromSeconds(15) || cluster.PartitionLeaseLength > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{Section}:PartitionLeaseLength must be between 00:00:15 and 00:01:00, as Azure blob leases are (was {cluster.PartitionLeaseLength}).");
        }

        if (storage.Provider != StorageProvider.AzureBlob)
        {
            failures.Add($"{Section}:Membership Redis needs {StorageHostOptions.SectionName}:Provider AzureBlob: every silo must reach every entity's state and the partition leases.");
        }

        if (devBroker.Enabled)
        {
            failures.Add($"{Section}:Membership Redis needs {DevBrokerHostOptions.SectionName}:Enabled false and Reactor:Kafka:BootstrapServers: a cluster reads one shared Kafka, not a dev broker per process.");
        }

        if (cluster.Kubernetes.Enabled)
        {
            var missing = KubernetesEnvironment.Where(name => string.IsNullOrWhiteSpace(environment(name))).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"{Section}:Kubernetes:Enabled needs the pod environment {string.Join(", ", missing)} (set through the downward API, as the Helm chart does).");
            }
        }
    }

    private static void CheckId(List<string> failures, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{setting} must be a non-empty name without spaces (was '{value}').");
        }
    }
}
