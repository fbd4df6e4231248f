using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Reactor.DevBroker;
using Reactor.Streaming.Kafka.Shadow;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Shadow;

/// <summary>Shadow evaluations read from the dev broker after the live silo processed the same events.</summary>
public sealed class KafkaShadowTests : IDisposable
{
    private const string GroupId = "shadow-tests-live";
    private const int Partitions = 4;
    private readonly TempDirectory _data = new("kafka-shadow");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Shadow_evaluation_over_the_topic_reports_what_the_candidate_would_have_decided_and_leaves_live_state_and_commits_alone()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(_data.Path, "broker"), DefaultPartitions = Partitions });
        var cluster = await StartClusterAsync(broker.BootstrapServers);
        try
        {
            // Each entity pays 20, 40 or 60 in turn, with a 10 in between that turns the rule's condition false again.
            var amounts = Enumerable.Range(0, 30).ToDictionary(i => $"t{i}", i => new[] { 20 + (20 * (i % 3)), 10, 20 + (20 * ((i + 1) % 3)), 10, 60 });
            await ProduceAsync(broker.BootstrapServers, amounts);
            await Eventually.Until("the live silo to commit every event (entities and decisions durable)", async () => await CommittedTotalAsync(broker.BootstrapServers) == HighWatermarks(broker.BootstrapServers, ThresholdEntity.Topic).Sum(), TimeSpan.FromMinutes(3));
            var committed = await CommittedAsync(broker.BootstrapServers);
            var states = await SnapshotsAsync(cluster, amounts.Keys);
            var deadLetters = HighWatermarks(broker.BootstrapServers, ThresholdEntity.DeadLetterTopic).Sum();
            var shadows = cluster.Client.GetKafkaShadows("kafka");

            var values = amounts.Values.SelectMany(v => v).ToList();

            // A decision whose emit ran from the outbox reaches the decision log with the entity's next write after the
            // emit completed, which may come after the commit: evaluate until every live decision is in the log.
            KafkaShadowStatus started = null!, done = null!;
            await Eventually.Until("a shadow evaluation to see every live decision", async () =>
            {
                started = await shadows.StartAsync(new KafkaShadowRequest { EntityType = ThresholdEntity.EntityType, CandidateRules = ["big"] });
                Assert.Equal((KafkaShadowState.Reading, ThresholdEntity.Topic), (started.State, Assert.Single(started.Request.Topics)));
                done = await shadows.WaitForCompletionAsync(started.Id, TimeSpan.FromMilliseconds(100)).WaitAsync(TimeSpan.FromMinutes(3));
                return done.State != KafkaShadowState.Completed || done.Report!.Rules.Single().Made == values.Count(v => v >= 50);
            }, TimeSpan.FromMinutes(3));

            Assert.True(done.State == KafkaShadowState.Completed, done.Error);
            var big = Assert.Single(done.Report!.Rules);
            Assert.Equal(
                (2, values.Count(v => v >= 50), values.Count(v => v >= 30), values.Count(v => v >= 50), 0L, values.Count(v => v is >= 30 and < 50), 0L),
                (big.ShadowVersion!.Value, (int)big.Made, (int)big.WouldHave, (int)big.Both, big.OnlyLive, (int)big.OnlyShadow, big.Changed));
            Assert.Equal((amounts.Count, values.Count + 1, values.Count + 1, 1L), ((int)done.Report.Entities, (int)done.RecordsRead, (int)done.RecordsTotal, done.RecordsSkipped));
            Assert.All(done.Partitions, p => Assert.True(p.IsComplete));
            Assert.All(done.Report.Diffs, d => Assert.Equal(Runtime.Shadow.ShadowDiffKind.OnlyShadow, d.Kind));

            // Nothing changed: the group's commits and the live entities; the alerts are the live rule's own (each live decision
            // in the log has completed its emit), and no dead letter was added.
            Assert.Equal(committed, await CommittedAsync(broker.BootstrapServers));
            Assert.Equal(states, await SnapshotsAsync(cluster, amounts.Keys));
            Assert.Equal(values.Count(v => v >= 50), HighWatermarks(broker.BootstrapServers, ThresholdEntity.AlertsTopic).Sum());
            Assert.Equal(deadLetters, HighWatermarks(broker.BootstrapServers, ThresholdEntity.DeadLetterTopic).Sum());
            Assert.Equal(started.Id, (await shadows.ListAsync())[^1].Id);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unknown_entity_types_topics_and_candidates_are_refused()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(_data.Path, "broker"), DefaultPartitions = Partitions });
        var cluster = await StartClusterAsync(broker.BootstrapServers);
        try
        {
            var shadows = cluster.Client.GetKafkaShadows("kafka");

            var type = await Assert.ThrowsAsync<ArgumentException>(() => shadows.StartAsync(new KafkaShadowRequest { EntityType = "no-such-entity" }));
            var topic = await Assert.ThrowsAsync<ArgumentException>(() => shadows.StartAsync(new KafkaShadowRequest { EntityType = ThresholdEntity.EntityType, Topics = ["elsewhere"] }));
            var rule = await Assert.ThrowsAsync<ArgumentException>(() => shadows.StartAsync(new KafkaShadowRequest { EntityType = ThresholdEntity.EntityType, CandidateRules = ["small"] }));

            Assert.Contains("'no-such-entity'", type.Message, StringComparison.Ordinal);
            Assert.Contains($"'{ThresholdEntity.Topic}'", topic.Message, StringComparison.Ordinal);
            Assert.Contains("'big'", rule.Message, StringComparison.Ordinal);
            Assert.Empty(await shadows.ListAsync());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private async Task<InProcessTestCluster> StartClusterAsync(string bootstrapServers)
    {
        var data = _data.Path;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r.AddEventType<Amount>(ThresholdEntity.AmountType).AddEventType<Alert>(ThresholdEntity.AlertType));
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = GroupId;
                o.Topics.Add(new KafkaTopicOptions { Name = ThresholdEntity.Topic, Partitions = Partitions });
                o.CreateTopics = true;
                o.DeadLetterTopic = ThresholdEntity.DeadLetterTopic;
                o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
            });
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(data, "state"));
            silo.Services.AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(data, "decisions"));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Produces every entity's amounts in order, and one record the live path dead-letters (not a CloudEvent).</summary>
    private static async Task ProduceAsync(string bootstrapServers, Dictionary<string, int[]> amounts)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        var time = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var (entityId, values) in amounts)
        {
            foreach (var value in values)
            {
                time = time.AddSeconds(1);
                producer.Produce(ThresholdEntity.Topic, new Message<string, byte[]> { Key = entityId, Value = TestCloudEvents.Create(ThresholdEntity.AmountType, entityId, new Amount(value), time: time).ToArray() });
            }
        }

        await producer.ProduceAsync(ThresholdEntity.Topic, new Message<string, byte[]> { Key = "t0", Value = "not an event"u8.ToArray() });
        producer.Flush(TimeSpan.FromMinutes(1));
    }

    private static async Task<Dictionary<string, string>> SnapshotsAsync(InProcessTestCluster cluster, IEnumerable<string> entityIds)
    {
        var snapshots = await Task.WhenAll(entityIds.Select(id => cluster.Client.GetGrain<IThresholdGrain>(id).GetSnapshotAsync()));
        return snapshots.ToDictionary(s => s.EntityId, s => $"{s.StateVersion} {s.StateJson} {string.Join(",", s.Positions.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
    }

    private static async Task<List<(int Partition, long Offset)>> CommittedAsync(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(GroupId, null)]);
        return [.. result.Single().Partitions.Select(p => (p.Partition.Value, p.Offset.Value)).OrderBy(p => p.Item1)];
    }

    private static async Task<long> CommittedTotalAsync(string bootstrapServers) =>
        (await CommittedAsync(bootstrapServers)).Where(p => p.Offset > 0).Sum(p => p.Offset);

    private static List<long> HighWatermarks(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks-" + Guid.NewGuid() }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single();
        return [.. metadata.Partitions.Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(30)).High.Value)];
    }
}
