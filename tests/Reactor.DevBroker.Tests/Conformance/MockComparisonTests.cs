using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>
/// Runs the same Confluent.Kafka scenario against the DevBroker and against librdkafka's built-in mock cluster
/// and compares what each observed.
/// </summary>
/// <remarks>
/// Known, explained differences (anything else is a bug in one of the two setups or in the broker):
/// <list type="bullet">
/// <item>Low watermarks: the mock trims old message sets early, so its low watermark may rise above 0; the
/// DevBroker keeps everything within its retention (0 here). Counts are therefore checked against each
/// broker's own watermarks, and high watermarks and per-partition counts are compared.</item>
/// <item>Topic creation: the mock has no CreateTopics, so the scenario auto-creates the topic from the
/// producer's Metadata request on both brokers (4 partitions on each: the mock's fixed default and the
/// DevBroker's <c>DefaultPartitions</c>).</item>
/// <item>ListOffsets by timestamp (<c>OffsetsForTimes</c>): the mock answers every timestamp with -1 (End), i.e.
/// it does not look timestamps up; the DevBroker must return exactly the first offset at or after the time.</item>
/// <item>Produce acknowledgements: the mock returns a fixed LogAppendTime of 1234 in every Produce response, so
/// librdkafka reports that as the message timestamp; the DevBroker keeps CreateTime (logAppendTime -1), so the
/// delivery reports carry the timestamps the producer set.</item>
/// </list>
/// </remarks>
public sealed class MockComparisonTests(ITestOutputHelper output)
{
    private const int Messages = 3000;
    private const int More = 300;

    [Fact]
    public async Task Confluent_scenario_has_the_same_outcome_on_the_DevBroker_and_on_librdkafkas_mock_cluster()
    {
        ScenarioOutcome mockOutcome;
        using (var mock = await MockKafkaCluster.StartAsync())
        {
            mockOutcome = await ConfluentScenario.RunAsync("librdkafka mock", mock.BootstrapServers, "scenario-topic", "scenario-group", Messages, More);
        }
        output.WriteLine(mockOutcome.ToString());

        ScenarioOutcome brokerOutcome;
        await using (var broker = await DevBrokerUnderTest.StartAsync())
        {
            brokerOutcome = await ConfluentScenario.RunAsync("DevBroker", broker.BootstrapServers, "scenario-topic", "scenario-group", Messages, More);
        }
        output.WriteLine(brokerOutcome.ToString());

        var both = $"\n{mockOutcome}\n{brokerOutcome}";
        Assert.True(mockOutcome.Partitions == brokerOutcome.Partitions, "partition counts differ" + both);
        // The same client partitions the same keys the same way, so every partition receives the same messages.
        Assert.True(mockOutcome.ProducedPerPartition.OrderBy(kv => kv.Key).SequenceEqual(brokerOutcome.ProducedPerPartition.OrderBy(kv => kv.Key)),
            "per-partition produce counts differ" + both);
        // Offsets start at 0 on both, so high watermarks match exactly.
        Assert.True(mockOutcome.HighWatermarks.OrderBy(kv => kv.Key).SequenceEqual(brokerOutcome.HighWatermarks.OrderBy(kv => kv.Key)),
            "high watermarks differ" + both);
        // The DevBroker trims nothing: it serves every message produced; the mock may have trimmed some (low > 0).
        Assert.True(brokerOutcome.LowWatermarks.All(kv => kv.Value == 0), "the DevBroker's low watermarks rose" + both);
        Assert.True(brokerOutcome.Consumed == Messages, "the DevBroker's group did not read every message" + both);
        Assert.True(mockOutcome.Consumed == mockOutcome.HighWatermarks.Sum(kv => kv.Value) - mockOutcome.LowWatermarks.Sum(kv => kv.Value), "mock count vs watermarks" + both);
        Assert.True(mockOutcome.Committed.OrderBy(kv => kv.Key).SequenceEqual(brokerOutcome.Committed.OrderBy(kv => kv.Key)), "committed offsets differ" + both);
        Assert.True(mockOutcome.ConsumedAfterResume == More && brokerOutcome.ConsumedAfterResume == More, "resume counts differ" + both);

        // The two documented differences, pinned so that a change on either side is noticed.
        Assert.True(brokerOutcome.TimestampLookup == "exact", "the DevBroker's offsets-for-times answers are wrong" + both);
        Assert.True(brokerOutcome.AckTimestamps == "producer CreateTime", "the DevBroker's delivery reports lost the producer's timestamps" + both);
        output.WriteLine($"mock offsets-for-times: {mockOutcome.TimestampLookup}; mock ack timestamps: {mockOutcome.AckTimestamps}");
    }
}
