using System.Globalization;
using System.Text.Json;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>kafkajs 2.2.4 (npm): ApiVersions v2 first, non-flexible versions only, idempotent producer through the controller.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class KafkaJsConformanceTests
{
    private const int Keys = 5;
    private const int Partitions = 3;

    private static readonly Dictionary<string, string> NodeEnvironment = new()
    {
        ["KAFKAJS_NO_PARTITIONER_WARNING"] = "1",
    };

    [Fact]
    public async Task KafkaJs_creates_topic_produces_keyed_consumes_in_group_commits_and_resumes_after_restart()
    {
        var node = ConformanceEnvironment.RequireKafkaJs();
        var script = Path.Combine(ConformanceEnvironment.ClientsDirectory, "kjs.js");
        await using var broker = await DevBrokerUnderTest.StartAsync();
        const string topic = "kjs-conformance";
        const string group = "kjs-group";

        Task<(JsonElement Json, ProcessResult Result)> Kjs(params string[] args) =>
            ClientRun.JsonAsync(node, [script, .. args], environment: NodeEnvironment);

        var (created, createRun) = await Kjs("create", broker.BootstrapServers, topic, Partitions.ToString(CultureInfo.InvariantCulture));
        Assert.True(created.GetProperty("partitions").GetInt32() == Partitions, createRun.Describe());
        Assert.Equal(Partitions, ConfluentProbe.PartitionCount(broker.BootstrapServers, topic));

        // Before the restart: 50 keyed messages from the idempotent producer, consumed and committed by the group.
        await Kjs("produce", broker.BootstrapServers, topic, "0", "50", Keys.ToString(CultureInfo.InvariantCulture));
        var (first, firstRun) = await Kjs("consume", broker.BootstrapServers, topic, group, "60");
        KeyedMessages.AssertExactlyInKeyOrder(ClientRun.Records(first), 0, 50, Keys, "kafkajs first group consume\n" + firstRun.Describe());

        var watermarks = ConfluentProbe.Watermarks(broker.BootstrapServers, topic, Partitions);
        var committedBefore = ConfluentProbe.Committed(broker.BootstrapServers, group, topic, Partitions);
        Assert.All(committedBefore, c => Assert.True(watermarks[c.Key].High.Value == c.Value,
            $"partition {c.Key}: committed {c.Value}, high watermark {watermarks[c.Key].High}\n{firstRun.Describe()}"));

        await broker.RestartAsync();

        // After the restart kafkajs sees the same committed offsets (OffsetFetch) and watermarks (ListOffsets).
        var (committedAfter, committedRun) = await Kjs("committed", broker.BootstrapServers, topic, group);
        foreach (var (partition, offset) in committedBefore)
        {
            var seen = committedAfter.GetProperty("committed").GetProperty(partition.ToString(CultureInfo.InvariantCulture)).GetInt64();
            Assert.True(seen == offset, $"partition {partition}: committed {offset} before the restart, kafkajs sees {seen} after it.\n{committedRun.Describe()}");
        }
        var (offsets, offsetsRun) = await Kjs("offsets", broker.BootstrapServers, topic);
        foreach (var p in offsets.GetProperty("offsets").EnumerateArray())
        {
            var partition = p.GetProperty("p").GetInt32();
            Assert.True(p.GetProperty("high").GetInt64() == watermarks[partition].High.Value && p.GetProperty("low").GetInt64() == watermarks[partition].Low.Value,
                $"partition {partition}: watermarks {watermarks[partition]} before the restart, kafkajs sees {p} after it.\n{offsetsRun.Describe()}");
        }

        // After the restart: 30 more; the group resumes at its commits and sees exactly the new ones.
        await Kjs("produce", broker.BootstrapServers, topic, "50", "30", Keys.ToString(CultureInfo.InvariantCulture));
        var (second, secondRun) = await Kjs("consume", broker.BootstrapServers, topic, group, "60");
        KeyedMessages.AssertExactlyInKeyOrder(ClientRun.Records(second), 50, 30, Keys, "kafkajs group consume after the restart\n" + secondRun.Describe());

        var all = await ConfluentProbe.ReadAllAsync(broker.BootstrapServers, topic, Partitions, TimeSpan.FromSeconds(30));
        KeyedMessages.AssertExactlyInKeyOrder(all, 0, 80, Keys, "Confluent.Kafka reading the kafkajs topic");

        await Kjs("delete", broker.BootstrapServers, topic);
    }
}
