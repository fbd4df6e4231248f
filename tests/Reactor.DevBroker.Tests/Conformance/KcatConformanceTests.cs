using System.Globalization;
using System.Text.Json;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>
/// kcat 1.7.1 on Debian's librdkafka 2.0.2: a different version profile from Confluent.Kafka's librdkafka 2.16
/// (Metadata ≤4, Fetch ≤11, Produce ≤7). kcat cannot create topics, so the topic is auto-created by the
/// producer's Metadata request (allowAutoTopicCreation) with the broker's default partition count.
/// </summary>
[Collection(ConformanceCollection.Name)]
public sealed class KcatConformanceTests
{
    private const int Keys = 6;
    private const int DefaultPartitions = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kcat_autocreates_topic_produces_keyed_consumes_in_group_commits_and_resumes_after_restart()
    {
        var kcat = ConformanceEnvironment.RequireKcat();
        await using var broker = await DevBrokerUnderTest.StartAsync();
        const string topic = "kcat-conformance";
        const string group = "kcat-group";
        var b = broker.BootstrapServers;

        // Produce 40 keyed messages, acks=all; the first Metadata request creates the topic.
        await RunAsync(kcat, ["-b", b, "-P", "-t", topic, "-K:", "-X", "acks=all"], KeyedMessages.KcatInput(0, 40, Keys));

        // Metadata (v4 for librdkafka 2.0.2): one broker, the topic with the default partition count and a leader.
        var metadata = await RunAsync(kcat, ["-b", b, "-L", "-J", "-t", topic]);
        using (var doc = JsonDocument.Parse(metadata.Stdout))
        {
            Assert.True(doc.RootElement.GetProperty("brokers").GetArrayLength() == 1, metadata.Describe());
            var topicJson = doc.RootElement.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == topic);
            Assert.True(topicJson.GetProperty("partitions").GetArrayLength() == DefaultPartitions, metadata.Describe());
        }

        // Group consume to the end of every partition; kcat commits its stored offsets when it closes.
        var first = await GroupConsumeAsync(kcat, b, topic, group);
        KeyedMessages.AssertExactlyInKeyOrder(first.Records, 0, 40, Keys, "kcat first group consume\n" + first.Run.Describe());
        var watermarks = ConfluentProbe.Watermarks(b, topic, DefaultPartitions);
        var committedBefore = ConfluentProbe.Committed(b, group, topic, DefaultPartitions);
        Assert.All(committedBefore, c => Assert.True(c.Value == watermarks[c.Key].High.Value,
            $"partition {c.Key}: kcat committed {c.Value}, high watermark {watermarks[c.Key].High}\n{first.Run.Describe()}"));

        await broker.RestartAsync();

        Assert.Equal(committedBefore, ConfluentProbe.Committed(b, group, topic, DefaultPartitions));

        // After the restart: 30 more from an idempotent producer (InitProducerId + sequences).
        await RunAsync(kcat, ["-b", b, "-P", "-t", topic, "-K:", "-X", "enable.idempotence=true"], KeyedMessages.KcatInput(40, 30, Keys));
        var second = await GroupConsumeAsync(kcat, b, topic, group);
        KeyedMessages.AssertExactlyInKeyOrder(second.Records, 40, 30, Keys, "kcat group consume after the restart\n" + second.Run.Describe());

        // A third run finds nothing new: the offsets committed after the restart hold.
        var third = await GroupConsumeAsync(kcat, b, topic, group);
        Assert.True(third.Records.Count == 0, "kcat re-consumed committed messages\n" + third.Run.Describe());

        // Plain Fetch without a group, per partition, with CRC checks, sees all 70.
        var all = new List<ConsumedRecord>();
        for (var p = 0; p < DefaultPartitions; p++)
        {
            var run = await RunAsync(kcat, ["-b", b, "-C", "-t", topic, "-p", p.ToString(CultureInfo.InvariantCulture), "-o", "beginning", "-e", "-J", "-q", "-X", "check.crcs=true"]);
            all.AddRange(ParseRecords(run));
        }
        KeyedMessages.AssertExactlyInKeyOrder(all, 0, 70, Keys, "kcat reading every partition from the beginning");

        // ListOffsets (latest) agrees with the watermarks Confluent.Kafka sees.
        var latest = await RunAsync(kcat, ["-b", b, "-Q", "-t", $"{topic}:0:-1"]);
        var high0 = ConfluentProbe.Watermarks(b, topic, DefaultPartitions)[0].High.Value;
        Assert.True(latest.Stdout.Contains($"offset {high0}", StringComparison.Ordinal), $"expected offset {high0} for partition 0\n{latest.Describe()}");
    }

    private static async Task<(List<ConsumedRecord> Records, ProcessResult Run)> GroupConsumeAsync(string kcat, string bootstrap, string topic, string group)
    {
        var run = await RunAsync(kcat,
        [
            "-b", bootstrap, "-G", group, topic, "-e", "-J", "-q",
            "-X", "auto.offset.reset=earliest", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=1000",
            "-X", "check.crcs=true", "-X", "fetch.wait.max.ms=100",
        ]);
        return (ParseRecords(run), run);
    }

    private static List<ConsumedRecord> ParseRecords(ProcessResult run)
    {
        var records = new List<ConsumedRecord>();
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            records.Add(new ConsumedRecord(
                r.GetProperty("partition").GetInt32(),
                r.GetProperty("offset").GetInt64(),
                r.GetProperty("key").GetString(),
                r.GetProperty("payload").GetString()));
        }
        return records;
    }

    private static async Task<ProcessResult> RunAsync(string kcat, string[] args, string? stdin = null)
    {
        var result = await ExternalProcess.RunAsync(kcat, args, Timeout, stdin);
        Assert.True(!result.TimedOut && result.ExitCode == 0, $"kcat failed.\n{result.Describe()}");
        return result;
    }
}
