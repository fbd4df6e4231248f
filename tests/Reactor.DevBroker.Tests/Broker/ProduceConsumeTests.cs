using Confluent.Kafka;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class ProduceConsumeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Acks.None)]
    [InlineData(Acks.Leader)]
    [InlineData(Acks.All)]
    public async Task Produce_WithEachAcksSetting_MessagesAreReadBackInOrder(Acks acks)
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("acks");
        var config = Clients.Producer(broker.BootstrapServers);
        config.Acks = acks;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (var i = 0; i < 50; i++)
            {
                producer.Produce(new TopicPartition(topic, 0), new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var admin = new AdminClientBuilder(Clients.Admin(broker.BootstrapServers)).Build();
        using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"))).Build();
        await Wait.UntilAsync(
            () => consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5)).High == 50,
            "the high watermark to reach 50 (acks=0 has no acknowledgement to wait for)");
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var received = ConsumeN(consumer, 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"v{i}"), received.Select(r => r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), received.Select(r => r.Offset.Value));
    }

    internal static List<ConsumeResult<TKey, TValue>> ConsumeN<TKey, TValue>(IConsumer<TKey, TValue> consumer, int count, TimeSpan? timeout = null)
    {
        var results = new List<ConsumeResult<TKey, TValue>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (results.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {count} messages; got {results.Count}.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null && !result.IsPartitionEOF)
            {
                results.Add(result);
            }
        }

        return results;
    }
}
