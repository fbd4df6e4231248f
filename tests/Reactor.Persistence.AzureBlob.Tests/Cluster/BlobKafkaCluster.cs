using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.LeaseProviders;
using Orleans.TestingHost;
using Reactor.DevBroker;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.TestInfrastructure;

namespace Reactor.Persistence.AzureBlob.Tests.Cluster;

/// <summary>
/// A Reactor silo cluster reading a DevBroker through the Kafka stream provider, with entity state and decisions in
/// Azure Blob Storage (Azurite), and optionally the lease-based queue balancer on Azure blob leases.
/// </summary>
internal sealed class BlobKafkaCluster : IAsyncDisposable
{
    public const string StreamProvider = "kafka";
    public const string GroupId = "azureblob-tests";

    private readonly ClusterLogs _logs;

    private BlobKafkaCluster(InProcessTestCluster cluster, ClusterLogs logs)
    {
        Cluster = cluster;
        _logs = logs;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Gets the silos' warnings and errors so far, to explain a failed wait.</summary>
    /// <param name="max">The most lines to return.</param>
    /// <returns>The lines.</returns>
    public string LogSummary(int max) => _logs.Summary(max);

    public static async Task<BlobKafkaCluster> StartAsync(string bootstrapServers, string connectionString, string containerPrefix, short silos = 1, LeaseLedger? leases = null)
    {
        var logs = new ClusterLogs();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddLogging(l => l.AddProvider(logs));
            silo.AddReactor(r => r.AddEventType<BlobIncrement>(BlobCounterEntity.IncrementType));
            silo.AddKafkaStreams(StreamProvider, o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = GroupId;
                o.Topics.Add(new KafkaTopicOptions { Name = BlobCounterEntity.Topic, Partitions = BlobCounterEntity.Partitions });
                o.CreateTopics = true;
                o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
            });
            silo.AddAzureBlobGrainStorage("reactor", o => (o.ConnectionString, o.ContainerName) = (connectionString, containerPrefix + "-state"));
            silo.AddAzureBlobDecisionLog(o => (o.ConnectionString, o.ContainerName) = (connectionString, containerPrefix + "-decisions"));
            if (leases is not null)
            {
                silo.UseAzureBlobLeaseProvider(o => (o.ConnectionString, o.ContainerName) = (connectionString, containerPrefix + "-leases"));
                silo.Services.AddSingleton<ILeaseProvider>(sp => leases.Register(new RecordingLeaseProvider(sp.GetRequiredService<AzureBlobLeaseProvider>(), leases)));
                silo.UseLeaseBasedQueueBalancerFor(StreamProvider, o => o.Configure(b =>
                {
                    b.LeaseLength = TimeSpan.FromSeconds(15);
                    b.LeaseRenewPeriod = TimeSpan.FromSeconds(4);
                    b.LeaseAcquisitionPeriod = TimeSpan.FromSeconds(1);
                }));
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 3;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.Configure<StreamPullingAgentOptions>(StreamProvider, o => o.MaxEventDeliveryTime = TimeSpan.FromSeconds(15));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new BlobKafkaCluster(cluster, logs);
    }

    public static Task<KafkaDevBroker> StartBrokerAsync(string dataDirectory) =>
        KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = dataDirectory, DefaultPartitions = BlobCounterEntity.Partitions });

    public static void Produce(string bootstrapServers, IEnumerable<(string EntityId, int Amount)> events)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        foreach (var (entityId, amount) in events)
        {
            var json = TestCloudEvents.Create(BlobCounterEntity.IncrementType, entityId, new BlobIncrement(amount)).ToArray();
            producer.Produce(BlobCounterEntity.Topic, new Message<string, byte[]> { Key = entityId, Value = json });
        }

        producer.Flush(TimeSpan.FromMinutes(1));
    }

    public static Dictionary<string, List<int>> Generate(int entities, int events, int seed)
    {
        var random = new Random(seed);
        var expected = new Dictionary<string, List<int>>();
        for (var i = 0; i < events; i++)
        {
            var id = $"e-{random.Next(entities)}";
            (expected.TryGetValue(id, out var list) ? list : expected[id] = []).Add(random.Next(1, 100));
        }

        return expected;
    }

    public async Task AssertStatesAsync(Dictionary<string, List<int>> expected, TimeSpan timeout)
    {
        try
        {
            await Eventually.Until($"{expected.Count} entities to apply all their events", async () =>
            {
                var snapshots = await Task.WhenAll(expected.Select(async e => (e.Value.Count, (await Client.GetGrain<IBlobCounterGrain>(e.Key).GetSnapshotAsync()).StateVersion)));
                return snapshots.All(s => s.StateVersion >= s.Count);
            }, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}. Silo warnings and errors:\n{_logs.Summary(30)}", ex);
        }

        foreach (var (id, amounts) in expected)
        {
            var state = (await Client.GetGrain<IBlobCounterGrain>(id).GetSnapshotAsync()).GetState<BlobCounter>();
            Assert.Equal(amounts, state.Amounts);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
