using Confluent.Kafka;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>
/// The Confluent.Kafka scenario run against both the DevBroker and librdkafka's mock cluster: produce keyed
/// messages to an auto-created topic (the mock has no CreateTopics), consume them in a group, commit, check
/// per-key order and counts against the watermarks (the mock may trim old messages), then produce more and check
/// that the group resumes at its commits.
/// </summary>
internal static class ConfluentScenario
{
    public const int Keys = 16;

    public static async Task<ScenarioOutcome> RunAsync(string brokerName, string bootstrap, string topic, string group, int messages, int more)
    {
        var timestampBase = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var delivered = await ConfluentProbe.ProduceAsync(bootstrap, topic, 0, messages, Keys, timestampBase: timestampBase);
        var partitions = ConfluentProbe.PartitionCount(bootstrap, topic);
        var context = $"{brokerName}, topic {topic}";

        // Every acknowledgement carries a distinct offset inside its partition.
        foreach (var byPartition in delivered.GroupBy(d => d.Partition.Value))
        {
            var offsets = byPartition.Select(d => d.Offset.Value).ToList();
            Assert.True(offsets.Distinct().Count() == offsets.Count, $"{context}: duplicate acknowledged offsets in partition {byPartition.Key}");
        }

        var watermarks = ConfluentProbe.Watermarks(bootstrap, topic, partitions);
        var timestampLookup = CheckOffsetsForTimes(bootstrap, topic, delivered, timestampBase);
        var (records, committed) = await ConfluentProbe.GroupConsumeAsync(bootstrap, topic, group, partitions, TimeSpan.FromSeconds(60));

        KeyedMessages.AssertPerKeyOrder(records, context);
        var available = watermarks.Sum(w => w.Value.High.Value - w.Value.Low.Value);
        Assert.True(records.Count == available,
            $"{context}: consumed {records.Count}, the watermarks hold {available} ([{string.Join(", ", watermarks.Select(w => $"{w.Key}:{w.Value}"))}])");
        Assert.True(records.Select(r => r.Value).Distinct().Count() == records.Count, $"{context}: duplicates in the group's first read");
        foreach (var record in records)
        {
            var n = KeyedMessages.Sequence(record.Value);
            var ack = delivered[n];
            Assert.True(ack.Partition.Value == record.Partition && ack.Offset.Value == record.Offset,
                $"{context}: {record.Value} acknowledged at {ack.TopicPartitionOffset}, read at partition {record.Partition} offset {record.Offset}");
        }
        foreach (var (partition, offset) in committed)
        {
            Assert.True(offset == watermarks[partition].High.Value, $"{context}: partition {partition} committed {offset}, high watermark {watermarks[partition].High}");
        }

        // Resume: more messages, a new member of the same group starts at the committed offsets.
        await ConfluentProbe.ProduceAsync(bootstrap, topic, messages, more, Keys);
        var (resumed, _) = await ConfluentProbe.GroupConsumeAsync(bootstrap, topic, group, partitions, TimeSpan.FromSeconds(60));
        KeyedMessages.AssertExactlyInKeyOrder(resumed, messages, more, Keys, $"{context}, group resuming at its commits");

        return new ScenarioOutcome(
            brokerName,
            partitions,
            delivered.GroupBy(d => d.Partition.Value).ToDictionary(g => g.Key, g => g.Count()),
            watermarks.ToDictionary(w => w.Key, w => w.Value.Low.Value),
            watermarks.ToDictionary(w => w.Key, w => w.Value.High.Value),
            records.Count,
            committed,
            resumed.Count,
            more,
            timestampLookup,
            DescribeAckTimestamps(delivered, timestampBase));
    }

    /// <summary>"producer CreateTime" when every delivery report carries the timestamp the producer set; else the first one seen.</summary>
    private static string DescribeAckTimestamps(IReadOnlyList<DeliveryResult<string, string>> delivered, long timestampBase)
    {
        var mismatch = delivered.Select((d, n) => (d, n))
            .FirstOrDefault(x => x.d.Timestamp.Type != TimestampType.CreateTime || x.d.Timestamp.UnixTimestampMs != timestampBase + x.n);
        return mismatch.d is null ? "producer CreateTime" : $"{mismatch.d.Timestamp.Type} {mismatch.d.Timestamp.UnixTimestampMs} for message {mismatch.n}";
    }

    /// <summary>
    /// ListOffsets by timestamp for a few acknowledged messages: message n was stamped base + n ms and each key's
    /// messages are in order in one partition, so the first offset at or after message n's time is n's own offset.
    /// </summary>
    private static string CheckOffsetsForTimes(string bootstrap, string topic, IReadOnlyList<DeliveryResult<string, string>> delivered, long timestampBase)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "times-probe" })
            .SetLogHandler((_, _) => { }).Build();
        var problems = new List<string>();
        foreach (var n in new[] { 0, delivered.Count / 3, delivered.Count / 2, delivered.Count - 1 })
        {
            var partition = delivered[n].Partition.Value;
            var time = timestampBase + n;
            var expected = delivered.Where((d, m) => d.Partition.Value == partition && m >= n).Min(d => d.Offset.Value);
            var answer = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, partition, new Timestamp(time, TimestampType.CreateTime))], ConfluentProbe.RequestTimeout).Single();
            if (answer.Offset.Value != expected)
            {
                problems.Add($"partition {partition} at message {n}'s time: expected offset {expected}, got {answer.Offset}");
            }
        }
        return problems.Count == 0 ? "exact" : string.Join("; ", problems);
    }
}
