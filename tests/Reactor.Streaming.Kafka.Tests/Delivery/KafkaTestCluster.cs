using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Reactor.DevBroker;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>A Reactor silo cluster reading from a DevBroker through the Kafka stream provider, with state on local disk.</summary>
internal sealed class KafkaTestCluster : IAsyncDisposable
{
    public const string GroupId = "reactor-tests";

    private KafkaTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<KafkaTestCluster> StartAsync(string bootstrapServers, string dataDirectory, short silos = 1, Action<KafkaStreamOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r.AddEventType<Increment>(CounterEntity.IncrementType).AddEventType<Explode>(CounterEntity.ExplodeType));
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = GroupId;
                o.Topics.Add(new KafkaTopicOptions { Name = CounterEntity.Topic, Partitions = 8 });
                o.CreateTopics = true;
                o.DeadLetterTopic = CounterEntity.DeadLetterTopic;
                o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
                configure?.Invoke(o);
            });
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(dataDirectory, "state"));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 3;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.Configure<StreamPullingAgentOptions>("kafka", o => o.MaxEventDeliveryTime = TimeSpan.FromSeconds(15));
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new KafkaTestCluster(cluster);
    }

    public static async Task ProduceAsync(string bootstrapServers, IEnumerable<(string EntityId, int Amount)> events, DateTimeOffset? timestamp = null)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        foreach (var (entityId, amount) in events)
        {
            var json = TestCloudEvents.Create(CounterEntity.IncrementType, entityId, new Increment(amount)).ToArray();
            var message = new Message<string, byte[]> { Key = entityId, Value = json };
            if (timestamp is { } time)
            {
                message.Timestamp = new Timestamp(time);
            }

            producer.Produce(CounterEntity.Topic, message);
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        await Task.CompletedTask;
    }

    public static async Task ProduceRawAsync(string bootstrapServers, IEnumerable<Message<string?, byte[]>> messages)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true }).Build();
        foreach (var message in messages)
        {
            await producer.ProduceAsync(CounterEntity.Topic, message);
        }
    }

    /// <summary>Reads every record of the dead-letter topic.</summary>
    public static List<ConsumeResult<string?, byte[]>> ReadDeadLetters(string bootstrapServers, int expected)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "dlq-reader-" + Guid.NewGuid(), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(CounterEntity.DeadLetterTopic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<string?, byte[]>>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public static async Task<long> CommittedTotalAsync(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(GroupId, null)]);
        return result.Single().Partitions.Where(p => p.Offset.Value > 0).Sum(p => p.Offset.Value);
    }

    public static long HighWatermarkTotal(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks-" + Guid.NewGuid() }).Build();
        return Enumerable.Range(0, 8).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(CounterEntity.Topic, p), TimeSpan.FromSeconds(30)).High.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public static Task<KafkaDevBroker> StartBrokerAsync(string dataDirectory) =>
        KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = dataDirectory, DefaultPartitions = 8 });
}
