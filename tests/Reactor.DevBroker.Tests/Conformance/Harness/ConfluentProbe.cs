using System.Text;
using Confluent.Kafka;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>Confluent.Kafka (librdkafka 2.16) helpers used to cross-check what the other clients did.</summary>
internal static class ConfluentProbe
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    public static int PartitionCount(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).SetLogHandler(Quiet).Build();
        var metadata = admin.GetMetadata(topic, RequestTimeout);
        var found = metadata.Topics.Single(t => t.Topic == topic);
        if (found.Error.IsError)
        {
            throw new InvalidOperationException($"Metadata for {topic}: {found.Error}");
        }
        return found.Partitions.Count;
    }

    public static Dictionary<int, WatermarkOffsets> Watermarks(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "watermarks-probe" })
            .SetLogHandler(Quiet).Build();
        return Enumerable.Range(0, partitions)
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), RequestTimeout));
    }

    /// <summary>Committed offsets of a group (OffsetFetch), without joining it; -1 (Offset.Unset) where nothing was committed.</summary>
    public static Dictionary<int, long> Committed(string bootstrap, string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group })
            .SetLogHandler(Quiet).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), RequestTimeout)
            .ToDictionary(tpo => tpo.Partition.Value, tpo => tpo.Offset.Value);
    }

    /// <summary>Reads every partition from the beginning to its end (no group), with CRC checks on.</summary>
    public static async Task<List<ConsumedRecord>> ReadAllAsync(string bootstrap, string topic, int partitions, TimeSpan timeout)
    {
        return await Task.Run(() =>
        {
            var errors = new StringBuilder();
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "read-all-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
                EnablePartitionEof = true,
                CheckCrcs = true,
                AutoOffsetReset = AutoOffsetReset.Error,
            };
            using var consumer = new ConsumerBuilder<string?, string?>(config)
                .SetLogHandler(Quiet)
                .SetErrorHandler((_, e) => { lock (errors) { errors.AppendLine(e.ToString()); } })
                .Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var records = new List<ConsumedRecord>();
            var atEnd = new HashSet<int>();
            var deadline = DateTime.UtcNow + timeout;
            while (atEnd.Count < partitions)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException(
                        $"Reading {topic} to its end: {records.Count} records after {timeout.TotalSeconds:F0} s, partitions at end [{string.Join(", ", atEnd.Order())}] of {partitions}. Errors: {errors}");
                }
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                    continue;
                }
                atEnd.Remove(result.Partition.Value);
                records.Add(new ConsumedRecord(result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value));
            }
            consumer.Close();
            return records;
        });
    }

    /// <summary>Produces messages [first, first+count) with acks=all, message n timestamped base + n ms, and returns where each landed.</summary>
    public static async Task<List<DeliveryResult<string, string>>> ProduceAsync(
        string bootstrap, string topic, int first, int count, int keys, bool idempotent = true, long? timestampBase = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = idempotent,
            LingerMs = 5,
            MessageTimeoutMs = 30000,
        };
        using var producer = new ProducerBuilder<string, string>(config).SetLogHandler(Quiet).Build();
        // Explicit, distinct CreateTime timestamps (message n at base + n ms) make offsets-for-times answers predictable.
        var start = (timestampBase ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) + first;
        var tasks = Enumerable.Range(first, count)
            .Select(n => producer.ProduceAsync(topic, new Message<string, string>
            {
                Key = KeyedMessages.Key(n, keys),
                Value = KeyedMessages.Value(n),
                Timestamp = new Timestamp(start + (n - first), TimestampType.CreateTime),
            }))
            .ToList();
        var results = await Task.WhenAll(tasks);
        producer.Flush(RequestTimeout);
        return [.. results];
    }

    /// <summary>
    /// Joins <paramref name="group"/> as its only member, consumes every assigned partition to its end, commits
    /// synchronously and closes (LeaveGroup). Returns the records and the offsets it committed.
    /// </summary>
    public static async Task<(List<ConsumedRecord> Records, Dictionary<int, long> Committed)> GroupConsumeAsync(
        string bootstrap, string topic, string group, int partitions, TimeSpan timeout)
    {
        return await Task.Run(() =>
        {
            var errors = new StringBuilder();
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = group,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                EnablePartitionEof = true,
                CheckCrcs = true,
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 1000,
                FetchWaitMaxMs = 100,
            };
            using var consumer = new ConsumerBuilder<string?, string?>(config)
                .SetLogHandler(Quiet)
                .SetErrorHandler((_, e) => { lock (errors) { errors.AppendLine(e.ToString()); } })
                .Build();
            consumer.Subscribe(topic);
            var records = new List<ConsumedRecord>();
            var atEnd = new HashSet<int>();
            var deadline = DateTime.UtcNow + timeout;
            while (!(consumer.Assignment.Count == partitions && atEnd.Count == partitions))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException(
                        $"Group {group} consuming {topic}: {records.Count} records after {timeout.TotalSeconds:F0} s, assignment [{string.Join(", ", consumer.Assignment.Select(a => a.Partition.Value))}], at end [{string.Join(", ", atEnd.Order())}]. Errors: {errors}");
                }
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                    continue;
                }
                atEnd.Remove(result.Partition.Value);
                records.Add(new ConsumedRecord(result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value));
            }
            var positions = consumer.Assignment
                .Select(tp => new TopicPartitionOffset(tp, consumer.Position(tp)))
                .Where(tpo => tpo.Offset.Value >= 0)
                .ToList();
            if (positions.Count > 0)
            {
                consumer.Commit(positions);
            }
            var committed = consumer.Committed(consumer.Assignment, RequestTimeout).ToDictionary(t => t.Partition.Value, t => t.Offset.Value);
            consumer.Close();
            return (records, committed);
        });
    }

    private static void Quiet(IClient client, LogMessage message)
    {
        // librdkafka logs to stderr without a handler; the tests assert on outcomes instead.
    }
}
