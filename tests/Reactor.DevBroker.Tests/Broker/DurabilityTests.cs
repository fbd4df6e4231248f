using Confluent.Kafka;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class DurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restart_KeepsTopicsDataAndCommittedOffsets()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("persist");
        var group = Clients.Unique("g");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 5);
        var values = await ConsumerGroupTests.ProduceKeyedAsync(broker.BootstrapServers, topic, 0, 200);
        using (var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group)).Build())
        {
            consumer.Commit([new TopicPartitionOffset(topic, 2, 7)]);
        }

        await broker.RestartAsync();

        using var admin = new AdminClientBuilder(Clients.Admin(broker.BootstrapServers)).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(ErrorCode.NoError, metadata.Error.Code);
        Assert.Equal(5, metadata.Partitions.Count);

        using var reader = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("reader"))).Build();
        reader.Assign(Enumerable.Range(0, 5).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        Assert.Equal(values.Order(), ProduceConsumeTests.ConsumeN(reader, values.Count).Select(r => r.Message.Value).Order());

        using var committedReader = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group)).Build();
        var committed = committedReader.Committed([new TopicPartition(topic, 2), new TopicPartition(topic, 3)], TimeSpan.FromSeconds(10));
        Assert.Equal(7, committed.Single(c => c.Partition == 2).Offset.Value);
        Assert.Equal(Offset.Unset, committed.Single(c => c.Partition == 3).Offset);
    }

    [Fact]
    public async Task CleanStop_ThenRestart_ServesEveryAcknowledgedRecord()
    {
        // ~6 MB in 1 KB values over 2 partitions: many memory chunks per partition, so some are typically
        // still unwritten when the producer gets its acknowledgements; the stop must write all of it.
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("stop");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        const int Count = 6_000;
        var expected = new Dictionary<int, List<(long Offset, string Value)>> { [0] = [], [1] = [] };
        using (var producer = new ProducerBuilder<string, string>(Clients.Producer(broker.BootstrapServers)).Build())
        {
            var deliveries = Enumerable.Range(0, Count)
                .Select(i => producer.ProduceAsync(new TopicPartition(topic, i % 2), new Message<string, string> { Key = $"k{i}", Value = $"{i}:{new string('v', 1000)}" }))
                .ToList();
            foreach (var delivery in await Task.WhenAll(deliveries))
            {
                Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
                expected[delivery.Partition.Value].Add((delivery.Offset.Value, delivery.Message.Value));
            }
        }

        await broker.RestartAsync();

        using var reader = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("reader"))).Build();
        reader.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);
        var received = ProduceConsumeTests.ConsumeN(reader, Count);
        foreach (var partition in new[] { 0, 1 })
        {
            Assert.Equal(
                expected[partition].OrderBy(e => e.Offset),
                received.Where(r => r.Partition.Value == partition).Select(r => (r.Offset.Value, r.Message.Value)));
        }
    }

    [Fact]
    public async Task Restart_AfterTornSegmentTail_TruncatesAndKeepsServing()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("torn");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var values = await ConsumerGroupTests.ProduceKeyedAsync(broker.BootstrapServers, topic, 0, 20);
        await broker.Broker.StopAsync();

        var segment = Directory.GetFiles(Path.Combine(broker.DataDirectory, "topics", topic, "0"), "*.log").Single();
        await File.AppendAllTextAsync(segment, "half-written batch garbage");
        await broker.RestartAsync();

        var more = await ConsumerGroupTests.ProduceKeyedAsync(broker.BootstrapServers, topic, 20, 5);
        using var reader = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("reader"))).Build();
        reader.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var received = ProduceConsumeTests.ConsumeN(reader, 25);
        Assert.Equal(values.Concat(more), received.Select(r => r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), received.Select(r => r.Offset.Value));
    }

    [Fact]
    public async Task Retention_BySize_AdvancesLowWatermarkAndConsumersStartThere()
    {
        await using var broker = await TestBroker.StartAsync(output, o =>
        {
            o.SegmentBytes = 2_048;
            o.RetentionBytes = 8_192;
            o.RetentionCheckInterval = TimeSpan.FromMilliseconds(100);
        });
        var topic = Clients.Unique("retention");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var partition = new TopicPartition(topic, 0);
        using (var producer = new ProducerBuilder<string, string>(Clients.Producer(broker.BootstrapServers)).Build())
        {
            for (var i = 0; i < 300; i++)
            {
                await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = $"{i}:{new string('r', 100)}" });
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"))).Build();
        WatermarkOffsets watermarks = new(Offset.Unset, Offset.Unset);
        await Wait.UntilAsync(
            () => (watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5))).Low.Value > 0,
            "retention to delete old segments and raise the low watermark");
        Assert.Equal(300, watermarks.High.Value);

        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var first = ProduceConsumeTests.ConsumeN(consumer, 1).Single();
        Assert.True(first.Offset.Value >= watermarks.Low.Value, $"first offset {first.Offset.Value} is below the low watermark {watermarks.Low.Value}");
        Assert.StartsWith($"{first.Offset.Value}:", first.Message.Value, StringComparison.Ordinal);
    }
}
