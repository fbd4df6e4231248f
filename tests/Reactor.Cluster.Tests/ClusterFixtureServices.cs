using System.Globalization;
using Reactor.DevBroker;
using Reactor.TestInfrastructure;

namespace Reactor.Cluster.Tests;

/// <summary>What the hosts of one proof run share: redis-server, the DevBroker, Azurite, and the settings that point every host at them.</summary>
internal sealed class ClusterFixtureServices : IAsyncDisposable
{
    public const int Partitions = 8;
    public const string GroupId = "reactor-cluster-proof";
    public const string StateContainer = "grainstate";

    private readonly TempDirectory _directory;
    private readonly string _clusterId = "proof-" + Guid.NewGuid().ToString("N")[..8];
    private int _started;

    private ClusterFixtureServices(TempDirectory directory, RedisServer redis, KafkaDevBroker broker, AzuriteServer azurite)
    {
        (_directory, Redis, Broker, Azurite) = (directory, redis, broker, azurite);
    }

    public RedisServer Redis { get; }

    public KafkaDevBroker Broker { get; }

    public AzuriteServer Azurite { get; }

    public static async Task<ClusterFixtureServices> StartAsync()
    {
        var directory = new TempDirectory("cluster-proof");
        var redis = await RedisServer.StartAsync();
        var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(directory.Path, "broker"), DefaultPartitions = Partitions });
        var azurite = await AzuriteServer.StartAsync();
        return new ClusterFixtureServices(directory, redis, broker, azurite);
    }

    /// <summary>Starts one more Reactor host process of the cluster, on ports of its own.</summary>
    public ClusterHost StartHost()
    {
        var number = Interlocked.Increment(ref _started);
        var name = $"host-{number}";
        var siloPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["Reactor__Cluster__Membership"] = "Redis",
            ["Reactor__Cluster__Redis__ConnectionString"] = Redis.ConnectionString,
            ["Reactor__Cluster__ClusterId"] = _clusterId,
            ["Reactor__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Reactor__Cluster__PartitionLeaseLength"] = "00:00:15",
            ["Reactor__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Reactor__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Reactor__DevBroker__Enabled"] = "false",
            ["Reactor__Kafka__BootstrapServers"] = Broker.BootstrapServers,
            ["Reactor__Kafka__GroupId"] = GroupId,
            ["Reactor__Kafka__Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Reactor__Storage__Provider"] = "AzureBlob",
            ["Reactor__Storage__AzureBlob__ConnectionString"] = Azurite.ConnectionString,
            ["Reactor__Storage__AzureBlob__StateContainer"] = StateContainer,
            ["Reactor__Demo__Enabled"] = "false",
            ["Reactor__FlushInterval"] = "00:00:02",
            ["Reactor__DataDirectory"] = Path.Combine(_directory.Path, name),

            // Each host its own HTTP port once the Host serves health routes (ASP.NET Core's standard setting).
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",

            // Three silos, a broker, Azurite and Redis share two cores: workstation GC keeps each process small.
            ["DOTNET_gcServer"] = "0",
        };
        return ClusterHost.Start(name, Path.Combine(_directory.Path, name), siloPort, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        await Broker.DisposeAsync();
        await Redis.DisposeAsync();
        _directory.Dispose();
    }
}
