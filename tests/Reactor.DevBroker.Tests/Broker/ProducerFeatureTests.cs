using Confluent.Kafka;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class ProducerFeatureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task IdempotentProducer_DeliversEachMessageExactlyOnceInOrder()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("idem");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 4);
        var config = Clients.Producer(broker.BootstrapServers);
        config.EnableIdempotence = true;
        config.MaxInFlight = 5;
        config.LingerMs = 1;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (var i = 0; i < 2_000; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{i % 13}", Value = $"{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"))).Build();
        consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var received = ProduceConsumeTests.ConsumeN(consumer, 2_000);
        Assert.Equal(2_000, received.Select(r => r.Message.Value).Distinct().Count());
        foreach (var byKey in received.GroupBy(r => r.Message.Key))
        {
            var values = byKey.Select(r => int.Parse(r.Message.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task WatermarksAndOffsetsForTimes_ReflectProducedTimestamps()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("times");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var baseTime = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var partition = new TopicPartition(topic, 0);
        using (var producer = new ProducerBuilder<string, string>(Clients.Producer(broker.BootstrapServers)).Build())
        {
            // Produced without waiting so several records share a batch: the lookup must be exact inside it.
            for (var i = 0; i < 10; i++)
            {
                producer.Produce(partition, new Message<string, string>
                {
                    Key = "k",
                    Value = $"v{i}",
                    Timestamp = new Timestamp(baseTime + (i * 1_000), TimestampType.CreateTime),
                });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"))).Build();
        var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        Assert.Equal(0, watermarks.Low.Value);
        Assert.Equal(10, watermarks.High.Value);

        var lookups = consumer.OffsetsForTimes(
            [
                new TopicPartitionTimestamp(partition, new Timestamp(baseTime + 3_500, TimestampType.CreateTime)),
            ],
            TimeSpan.FromSeconds(10));
        Assert.Equal(4, lookups.Single().Offset.Value);

        var exact = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(baseTime + 7_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(7, exact.Single().Offset.Value);

        var early = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(baseTime - 60_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(0, early.Single().Offset.Value);

        var late = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(baseTime + 60_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(Offset.End, late.Single().Offset);
    }

    [Fact]
    public async Task CheckCrcs_ConsumerValidatesEveryStoredBatch()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("crc");
        var values = await ConsumerGroupTests.ProduceKeyedAsync(broker.BootstrapServers, topic, 0, 500);
        var config = Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"));
        config.CheckCrcs = true;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(topic);
        var received = ProduceConsumeTests.ConsumeN(consumer, values.Count);
        Assert.Equal(values.Order(), received.Select(r => r.Message.Value).Order());
    }

    [Fact]
    public async Task Produce_ToUnknownTopicWithoutAutoCreate_Fails()
    {
        await using var broker = await TestBroker.StartAsync(output, o => o.AutoCreateTopics = false);
        var config = Clients.Producer(broker.BootstrapServers);
        config.MessageTimeoutMs = 3_000;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync(Clients.Unique("missing"), new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Contains(error.Error.Code, new[] { ErrorCode.UnknownTopicOrPart, ErrorCode.Local_UnknownTopic, ErrorCode.Local_MsgTimedOut });
    }
}
