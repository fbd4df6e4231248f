using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Tests.Egress;

/// <summary>Client settings for the test's own DevBroker, and a consume loop with a deadline.</summary>
internal static class KafkaTestClients
{
    public static ProducerConfig Producer(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        BrokerAddressFamily = BrokerAddressFamily.V4,
        LingerMs = 1,
        MessageTimeoutMs = 30_000,
        SocketTimeoutMs = 10_000,
    };

    public static IConsumer<byte[]?, byte[]?> Consumer(string bootstrapServers, string topic) =>
        Consumer(bootstrapServers, [new TopicPartitionOffset(topic, 0, Offset.Beginning)]);

    public static IConsumer<byte[]?, byte[]?> Consumer(string bootstrapServers, IEnumerable<TopicPartitionOffset> assignment)
    {
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            BrokerAddressFamily = BrokerAddressFamily.V4,
            GroupId = Unique("test-group"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SocketTimeoutMs = 10_000,
            SessionTimeoutMs = 6_000,
            FetchWaitMaxMs = 50,
        })
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Assign(assignment);
        return consumer;
    }

    /// <summary>Consumes until <paramref name="count"/> records arrived or the deadline passed.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> ConsumeN(IConsumer<byte[]?, byte[]?> consumer, int count, TimeSpan? timeout = null)
    {
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (results.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {count} record(s) from {string.Join(", ", consumer.Assignment)}; got {results.Count}.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null && !result.IsPartitionEOF)
            {
                results.Add(result);
            }
        }

        return results;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
