using System.Globalization;
using System.Text.Json;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>Rebuilding the demo's entities with <c>--rewind</c>, as a user does after fixing a handler.</summary>
public sealed class RewindTests
{
    private const int Events = 1_000;

    [Fact]
    public async Task Rewind_to_earliest_rebuilds_the_same_states_and_is_not_repeated_on_the_next_start()
    {
        using var directory = new TempDirectory("host-rewind");
        string[] common = ["--data-dir", "data", "--silo-port", Port(), "--gateway-port", Port(), "--broker-port", Port(), "--Reactor:FlushInterval", "00:10:00"];
        await using (var demo = HostProcess.Start(directory.Path, null, [.. common, "--rate", "1000", "--customers", "30", "--max-events", Events.ToString(CultureInfo.InvariantCulture), "--stats-interval", "00:00:00.5", "--Reactor:Demo:InvalidEventRatio", "0"]))
        {
            await Eventually.Until($"the demo to apply {Events} events", () => demo.HasExited || demo.Output.Any(l => l.Contains($"(total {Events})", StringComparison.Ordinal)), TimeSpan.FromMinutes(3));
            Assert.False(demo.HasExited, demo.AllOutput);
            demo.Interrupt();
            Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        }

        var original = States(directory.Path);
        Assert.NotEmpty(original);

        await using (var rewind = HostProcess.Start(directory.Path, null, [.. common, "--demo", "false", "--rewind", "earliest", "--Reactor:Rewind:ProgressInterval", "00:00:00.2"]))
        {
            await Eventually.Until("the rewind to complete", () => rewind.HasExited || rewind.Output.Any(l => l.StartsWith("Rewind 1 complete", StringComparison.Ordinal)), TimeSpan.FromMinutes(3));
            Assert.False(rewind.HasExited, rewind.AllOutput);
            Assert.Contains(rewind.Output, l => l.StartsWith($"Rewind 1 complete: {Events:N0} events replayed", StringComparison.Ordinal));
            rewind.Interrupt();
            Assert.Equal(0, await rewind.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        }

        Assert.Equal(original, States(directory.Path));

        await using var again = HostProcess.Start(directory.Path, null, [.. common, "--demo", "false", "--rewind", "earliest"]);
        await Eventually.Until("the host to report the earlier rewind", () => again.HasExited || again.Output.Any(l => l.StartsWith("Rewind 1 complete", StringComparison.Ordinal)), TimeSpan.FromMinutes(3));
        Assert.Contains(again.Output, l => l.StartsWith("Rewind 1 from earliest was already requested", StringComparison.Ordinal));
        again.Interrupt();
        var againExit = await again.WaitForExitAsync(TimeSpan.FromMinutes(2)); Assert.True(againExit == 0, again.AllOutput);
    }

    [Fact]
    public async Task Unreadable_rewind_target_stops_the_host_naming_the_setting()
    {
        using var directory = new TempDirectory("host-rewind-invalid");
        await using var host = HostProcess.Start(directory.Path, null, "--rewind", "last-tuesday", "--broker-port", Port());

        Assert.Equal(2, await host.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("Reactor:Rewind:Target", host.ErrorOutput, StringComparison.Ordinal);
    }

    private static string Port() => HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads every entity's state (the user's state object only) from the local-disk store.</summary>
    private static SortedDictionary<string, string> States(string root)
    {
        var states = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(root, "data", "state"), "*.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var document = json.RootElement.TryGetProperty("state", out var wrapped) && wrapped.TryGetProperty("stateVersion", out _) ? wrapped : json.RootElement;
            if (document.TryGetProperty("positions", out _))
            {
                states[Path.GetRelativePath(root, file)] = document.GetProperty("stateVersion").GetInt64().ToString(CultureInfo.InvariantCulture) + " " + document.GetProperty("state").GetRawText();
            }
        }

        return states;
    }
}
