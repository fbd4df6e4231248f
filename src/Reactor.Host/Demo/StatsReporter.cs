using System.Globalization;
using Microsoft.Extensions.Options;
using Reactor.Host.Configuration;
using Reactor.Runtime.Metrics;

namespace Reactor.Host.Demo;

/// <summary>Prints a one-line summary every interval: event rate, active entities, reactions, dead letters and latencies.</summary>
internal sealed class StatsReporter(ReactorMetrics metrics, IOptions<DemoOptions> options, TimeProvider time, TextWriter? output = null) : BackgroundService
{
    private readonly TextWriter _output = output ?? Console.Out;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.StatsInterval;
        using var timer = new PeriodicTimer(interval, time);
        var lastApplied = metrics.EventsApplied;
        var lastDecisions = metrics.Decisions;
        var lastTime = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetTimestamp();
                var seconds = time.GetElapsedTime(lastTime, now).TotalSeconds;
                var applied = metrics.EventsApplied;
                var decisions = metrics.Decisions;
                var decisionLatency = metrics.DecisionLatency.TakeInterval();
                var freshness = metrics.Freshness.TakeInterval();
                await _output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{time.GetUtcNow():HH:mm:ss}] events/s {(applied - lastApplied) / seconds,7:F0} (total {applied}) | active entities {metrics.ActiveEntities,7} | reactions fired {decisions - lastDecisions,5} (total {decisions}) | dead letters {metrics.DeadLetters,4} | event-to-decision p50 {Ms(decisionLatency.Percentile(0.5))} p99 {Ms(decisionLatency.Percentile(0.99))} | freshness p50 {Ms(freshness.Percentile(0.5))} p99 {Ms(freshness.Percentile(0.99))}"));
                lastApplied = applied;
                lastDecisions = decisions;
                lastTime = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static string Ms(TimeSpan? latency) =>
        latency is null ? "    -" : string.Create(CultureInfo.InvariantCulture, $"{latency.Value.TotalMilliseconds,5:F1}ms");
}
