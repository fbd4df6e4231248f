using System.Text;
using Confluent.Kafka;
using Reactor.Runtime.Actions;

namespace Reactor.Cluster.Tests;

/// <summary>Reads what the cluster did to Kafka: committed offsets of its consumer group, high watermarks, emitted actions.</summary>
internal sealed class KafkaProbe(string bootstrapServers, string groupId, IReadOnlyList<string> topics, int partitions)
{
    public IEnumerable<TopicPartition> Partitions => topics.SelectMany(t => Enumerable.Range(0, partitions).Select(p => new TopicPartition(t, p)));

    public async Task<Dictionary<TopicPartition, long>> CommittedAsync()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, [.. Partitions])]);
        return result.Single().Partitions.ToDictionary(p => p.TopicPartition, p => Math.Max(0, p.Offset.Value));
    }

    public Dictionary<TopicPartition, long> HighWatermarks() => HighWatermarks(Partitions);

    /// <summary>Gets the end offsets of one topic's partitions (the cluster's egress topic, say).</summary>
    public Dictionary<TopicPartition, long> HighWatermarks(string topic) =>
        HighWatermarks(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)));

    private Dictionary<TopicPartition, long> HighWatermarks(IEnumerable<TopicPartition> of)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "probe-" + Guid.NewGuid() }).Build();
        return of.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(30)).High.Value);
    }

    /// <summary>Reads every record of a topic from the beginning up to its current end.</summary>
    public List<(string Key, string IdempotencyKey, byte[] Value, TopicPartitionOffset Position)> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "probe-" + Guid.NewGuid(),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var records = new List<(string, string, byte[], TopicPartitionOffset)>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var tp = new TopicPartition(topic, partition);
            var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (record is null)
                {
                    continue;
                }

                if (record.IsPartitionEOF)
                {
                    break;
                }

                var header = record.Message.Headers.TryGetLastBytes(EmittedEvent.IdempotencyKeyHeader, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
                records.Add((record.Message.Key, header, record.Message.Value, record.TopicPartitionOffset));
                if (record.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
        }

        return records;
    }
}
