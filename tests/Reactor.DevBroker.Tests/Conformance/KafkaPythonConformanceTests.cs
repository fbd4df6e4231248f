using System.Globalization;
using System.Text.Json;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>kafka-python 2.0.2 (Debian python3-kafka): ApiVersions v0 + pipelined Metadata v0, fixed old versions, CRC checks on by default.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class KafkaPythonConformanceTests
{
    private const int Keys = 7;
    private const int Partitions = 3;

    [Fact]
    public async Task KafkaPython_creates_topic_produces_keyed_consumes_in_group_commits_and_resumes_after_restart()
    {
        var script = await ConformanceEnvironment.RequireKafkaPythonAsync();
        await using var broker = await DevBrokerUnderTest.StartAsync();
        const string topic = "kpy-conformance";
        const string group = "kpy-group";

        Task<(JsonElement Json, ProcessResult Result)> Kpy(params string[] args) =>
            ClientRun.JsonAsync(ConformanceEnvironment.DebianPython, [script, .. args]);

        await Kpy("create", broker.BootstrapServers, topic, Partitions.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(Partitions, ConfluentProbe.PartitionCount(broker.BootstrapServers, topic));

        // Before the restart: 60 keyed messages, consumed and committed by the group.
        var (produced, produceRun) = await Kpy("produce", broker.BootstrapServers, topic, "0", "60", Keys.ToString(CultureInfo.InvariantCulture));
        Assert.True(produced.GetProperty("acked").GetInt32() == 60, produceRun.Describe());

        var (first, firstRun) = await Kpy("consume", broker.BootstrapServers, topic, group, "60");
        KeyedMessages.AssertExactlyInKeyOrder(ClientRun.Records(first), 0, 60, Keys, "kafka-python first group consume\n" + firstRun.Describe());
        var committedBefore = ConfluentProbe.Committed(broker.BootstrapServers, group, topic, Partitions);
        var watermarks = ConfluentProbe.Watermarks(broker.BootstrapServers, topic, Partitions);
        Assert.All(committedBefore, c => Assert.Equal(watermarks[c.Key].High.Value, c.Value));

        await broker.RestartAsync();

        // The committed offsets survived the restart, as seen by kafka-python itself (OffsetFetch v1).
        var (committedAfter, committedRun) = await Kpy("committed", broker.BootstrapServers, topic, group);
        foreach (var (partition, offset) in committedBefore)
        {
            var seen = committedAfter.GetProperty("committed").GetProperty(partition.ToString(CultureInfo.InvariantCulture));
            Assert.True(seen.ValueKind == JsonValueKind.Number && seen.GetInt64() == offset,
                $"partition {partition}: committed {offset} before the restart, kafka-python sees {seen} after it.\n{committedRun.Describe()}");
        }

        // After the restart: 40 more; the group resumes at its commits and sees exactly the new ones.
        await Kpy("produce", broker.BootstrapServers, topic, "60", "40", Keys.ToString(CultureInfo.InvariantCulture));
        var (second, secondRun) = await Kpy("consume", broker.BootstrapServers, topic, group, "60");
        KeyedMessages.AssertExactlyInKeyOrder(ClientRun.Records(second), 60, 40, Keys, "kafka-python group consume after the restart\n" + secondRun.Describe());

        // Nothing lost across the restart, read back by another client with CRC checks.
        var all = await ConfluentProbe.ReadAllAsync(broker.BootstrapServers, topic, Partitions, TimeSpan.FromSeconds(30));
        KeyedMessages.AssertExactlyInKeyOrder(all, 0, 100, Keys, "Confluent.Kafka reading the kafka-python topic");

        await Kpy("delete", broker.BootstrapServers, topic);
    }
}
