using System.Globalization;
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
        await using var host = HostProcess.Start(
            directory.Path,
            environment: null,
            "--data-dir", "demo-data",
            "--silo-port", Port(),
            "--gateway-port", Port(),
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

        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        // The flush interval is ten minutes, so what is on disk was written by the shutdown.
        var data = Path.Combine(directory.Path, "demo-data");
        var stateVersions = Directory.GetFiles(Path.Combine(data, "state"), "*.json", SearchOption.AllDirectories)
            .Sum(file => StateVersion(file));
        Assert.Equal(totals.Applied, stateVersions);
        var deadLetterLines = File.ReadAllLines(Path.Combine(data, "dead-letters.jsonl")).Length;
        Assert.Equal(totals.DeadLetters, deadLetterLines);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "decisions"), "*.jsonl", SearchOption.AllDirectories));
    }

    private static string Port() => HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);

    private static (long Applied, long Reactions, long DeadLetters) LatestTotals(HostProcess host)
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

    private static long StateVersion(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = json.RootElement;
        var document = root.TryGetProperty("state", out var wrapped) && wrapped.TryGetProperty("stateVersion", out _) ? wrapped : root;
        return document.GetProperty("stateVersion").GetInt64();
    }

    [GeneratedRegex(@"\(total (\d+)\).*reactions fired\s+\d+ \(total (\d+)\).*dead letters\s+(\d+)")]
    private static partial Regex StatsLine();
}
