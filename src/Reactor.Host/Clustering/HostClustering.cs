using System.Net;
using Orleans.Configuration;
using Reactor.Host.Configuration;
using Reactor.Host.Storage;
using StackExchange.Redis;

namespace Reactor.Host.Clustering;

/// <summary>Joins the silo to the cluster <c>Reactor:Cluster</c> describes: one localhost silo, or the Redis-membership production profile.</summary>
internal static class HostClustering
{
    /// <summary>
    /// Adds membership, endpoints, reminders and partition balancing to the silo. Call it after the Kafka stream
    /// provider is added, so the partition leases apply to it.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="cluster">The validated cluster settings.</param>
    /// <param name="host">The host settings (ports, shutdown timeout).</param>
    /// <param name="storage">The validated storage settings; Azure Blob in the production profile.</param>
    /// <param name="streamProviderName">The Kafka stream provider whose partitions are leased.</param>
    public static void AddReactorClustering(this ISiloBuilder silo, ClusteringHostOptions cluster, ReactorHostOptions host, StorageHostOptions storage, string streamProviderName)
    {
        if (cluster.Membership == ClusterMembership.Localhost)
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort);
            return;
        }

        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
        silo.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = host.SiloPort;
            o.GatewayPort = host.GatewayPort;
            if (cluster.AdvertisedAddress is not null)
            {
                o.AdvertisedIPAddress = IPAddress.Parse(cluster.AdvertisedAddress);
            }

            // Listen on every interface: the advertised address may be a pod IP or a loopback address alike.
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, host.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, host.GatewayPort);
        });

        var redis = ConfigurationOptions.Parse(cluster.Redis.ConnectionString!);
        silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());

        // Durable timers of entity deadlines: reminders in Redis survive any silo, and fire on whichever owns them.
        silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());

        if (cluster.Kubernetes.Enabled)
        {
            // Overrides the silo name, advertised address, service and cluster ids from the pod's downward-API environment.
            silo.UseKubernetesHosting(o => o.Configure(k => k.DeleteDefunctSiloPods = cluster.Kubernetes.DeleteDefunctSiloPods));
        }

        // One silo reads a Kafka partition at a time: a blob lease per partition, renewed well before it lapses.
        silo.UseAzureBlobLeaseProvider(o => HostStorage.Connect(o, storage.AzureBlob));
        silo.UseLeaseBasedQueueBalancerFor(streamProviderName, o => o.Configure(b =>
        {
            b.LeaseLength = cluster.PartitionLeaseLength;
            b.LeaseRenewPeriod = cluster.PartitionLeaseLength / 4;
            b.LeaseAcquisitionPeriod = TimeSpan.FromSeconds(Math.Clamp(cluster.PartitionLeaseLength.TotalSeconds / 15, 1, 10));
        }));
    }
}
