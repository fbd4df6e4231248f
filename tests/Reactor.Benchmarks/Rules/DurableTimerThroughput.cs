using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;
using Reactor.Runtime.Sources;

namespace Reactor.Benchmarks.Rules;

/// <summary>
/// How many armed durable timers one silo sustains: one arming event to each of N entities whose absence rule leaves
/// a deadline an hour out (a reminder per entity in the local-disk reminder table, state on local disk), against the
/// same events to entities with the same handlers and no rule, in the same run.
/// Usage: <c>durable-timers [--entities 10000] [--rounds 2]</c>.
/// </summary>
internal static class DurableTimerThroughput
{
    public const string WithDeadlinesTopic = "bench-deadlines";
    public const string NoRulesTopic = "bench-no-rules";
    private const string ArmedType = "bench.deadline.armed";
    private const string CancelledType = "bench.deadline.cancelled";

    public static void Handlers(EntityDefinition<DeadlineState> entity)
    {
        entity.On<DeadlineArmed>((s, _) => s.Count++);
        entity.On<DeadlineCancelled>((s, _) => s.Count--);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var entities = ScenarioArguments.Int(args, "--entities", 10_000);
        var rounds = ScenarioArguments.Int(args, "--rounds", 2);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-timers-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
                silo.AddReactor(r => r.AddEventType<DeadlineArmed>(ArmedType).AddEventType<DeadlineCancelled>(CancelledType).UseInMemoryDeadLetters());
                silo.AddReactorInProcessSource(o => o.PartitionsPerTopic = 8);
                silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(root, "state"));
                silo.UseLocalDiskReminderService(o => o.RootDirectory = Path.Combine(root, "reminders"));
            });
            using var host = builder.Build();
            await host.StartAsync();
            var source = host.Services.GetRequiredService<InProcessEventSource>();
            var metrics = host.Services.GetRequiredService<ReactorMetrics>();
            var reminders = host.Services.GetRequiredService<IReminderTable>();
            var payload = CloudEventJson.Encode("e", "/bench", ArmedType, "bench", DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new DeadlineArmed(1), ReactorJson.Options));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable-timers: {entities:N0} entities per round and path, {rounds} rounds, local-disk state and reminders, {Environment.ProcessorCount} cores"));

            var armed = 0;
            for (var round = 1; round <= rounds; round++)
            {
                var baseline = await RoundAsync(source, metrics, NoRulesTopic, $"r{round}", entities, payload, () => Task.FromResult(true));
                armed += entities;
                var target = armed;
                var withTimers = await RoundAsync(source, metrics, WithDeadlinesTopic, $"r{round}", entities, payload, async () => (await reminders.ReadRows(0, 0)).Reminders.Count >= target);
                var rows = (await reminders.ReadRows(0, 0)).Reminders.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: no rules {entities / baseline.TotalSeconds,9:N0} ev/s | absence rule, deadline armed {entities / withTimers.TotalSeconds,9:N0} ev/s (ratio {baseline.TotalSeconds / withTimers.TotalSeconds:F2}) | armed durable timers in the table: {rows:N0}"));
            }

            await host.StopAsync();
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Publishes one arming event to each entity and waits until all are applied and <paramref name="done"/> holds.</summary>
    private static async Task<TimeSpan> RoundAsync(InProcessEventSource source, ReactorMetrics metrics, string topic, string prefix, int entities, ReadOnlyMemory<byte> payload, Func<Task<bool>> done)
    {
        var target = metrics.EventsApplied + entities;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await source.PublishAsync(topic, payload, $"{prefix}-{topic}-{i}", cancellationToken: ct));
        while (metrics.EventsApplied < target || !await done())
        {
            await Task.Delay(5);
        }

        return clock.Elapsed;
    }
}
