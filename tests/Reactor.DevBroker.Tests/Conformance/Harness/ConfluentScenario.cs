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
        var delivered = await ConfluentProbe.ProduceAsync(bootstrap, topic, 0, messages, Keys);
        var partitions = ConfluentProbe.PartitionCount(bootstrap, topic);
        var context = $"{brokerName}, topic {topic}";

        // Every acknowledgement carries a distinct offset inside its partition.
        foreach (var byPartition in delivered.GroupBy(d => d.Partition.Value))
        {
            var offsets = byPartition.Select(d => d.Offset.Value).ToList();
            Assert.True(offsets.Distinct().Count() == offsets.Count, $"{context}: duplicate acknowledged offsets in partition {byPartition.Key}");
        }

        var watermarks = ConfluentProbe.Watermarks(bootstrap, topic, partitions);
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
            more);
    }
}
