using System.Globalization;
using Confluent.Kafka;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>Runs the embedded demo as a user does, stops it with Ctrl+C and checks nothing was lost.</summary>
public sealed partial class DemoRunTests
{
    private const int Events = 3_000;

    [Fact]
    public async Task Demo_reacts_to_live_events_and_ctrl_c_stops_it_with_every_event_flushed()
    {
        using var directory = new TempDirectory("host-demo");
        var brokerPort = Port();
        await using var host = HostProcess.Start(
            directory.Path,
            environment: null,
            "--data-dir", "demo-data",
            "--silo-port", Port(),
            "--gateway-port", Port(),
            "--Reactor:DevBroker:Port", brokerPort,
            "--rate", "1000",
            "--customers", "40",
            "--max-events", Events.ToString(CultureInfo.InvariantCulture),
            "--stats-interval", "00:00:00.5",
            "--Reactor:Demo:InvalidEventRatio", "0.01",
            "--Reactor:FlushInterval", "00:10:00");

        // Every generated event is either applied to an entity or dead-lettered.
        (long Applied, long Reactions, long DeadLetters) totals = default;
        await Eventually.Until($"the demo to account for all {Events} events", () =>
        {
            totals = LatestTotals(host);
            return host.HasExited || totals.Applied + totals.DeadLetters == Events;
        }, TimeSpan.FromMinutes(3));
        Assert.False(host.HasExited, host.AllOutput);
        Assert.True(totals.Reactions > 0, $"no reaction fired. Output:\n{host.AllOutput}");
        Assert.True(totals.DeadLetters > 0, $"the malformed events were not dead-lettered. Output:\n{host.AllOutput}");

        // Dead letters are records of the dead-letter topic on the embedded broker, which kcat or any client can read.
        Assert.Equal(totals.DeadLetters, CountRecords($"127.0.0.1:{brokerPort}", "reactor-dead-letters", totals.DeadLetters));

        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        // The flush interval is ten minutes, so what is on disk was written by the shutdown.
        var data = Path.Combine(directory.Path, "demo-data");
        var stateVersions = Directory.GetFiles(Path.Combine(data, "state"), "*.json", SearchOption.AllDirectories)
            .Sum(file => StateVersion(file));
        Assert.Equal(totals.Applied, stateVersions);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "decisions"), "*.jsonl", SearchOption.AllDirectories));
    }

    private static long CountRecords(string bootstrapServers, string topic, long expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "host-tests-" + Guid.NewGuid(), EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        long count = 0;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false })
            {
                count++;
            }
        }

        // Anything beyond the expected count would show up within the next poll.
        while (consumer.Consume(TimeSpan.FromSeconds(1)) is { IsPartitionEOF: false })
        {
            count++;
        }

        return count;
    }

    internal static string Port() => HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);

    internal static (long Applied, long Reactions, long DeadLetters) LatestTotals(HostProcess host)
    {
        var line = host.Output.LastOrDefault(l => l.Contains("events/s", StringComparison.Ordinal));
        if (line is null)
        {
            return default;
        }

        var match = StatsLine().Match(line);
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture))
            : default;
    }

    private static long StateVersion(string file) => StateVersion(File.ReadAllBytes(file));

    internal static long StateVersion(byte[] content)
    {
        using var json = JsonDocument.Parse(content);
        var root = json.RootElement;
        var document = root.TryGetProperty("state", out var wrapped) && wrapped.TryGetProperty("stateVersion", out _) ? wrapped : root;
        return document.GetProperty("stateVersion").GetInt64();
    }

    [GeneratedRegex(@"\(total (\d+)\).*reactions fired\s+\d+ \(total (\d+)\).*dead letters\s+(\d+)")]
    private static partial Regex StatsLine();
}
