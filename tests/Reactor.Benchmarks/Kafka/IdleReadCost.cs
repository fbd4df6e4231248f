using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Reactor.Benchmarks.Streams;
using Reactor.DevBroker;
using Reactor.Runtime.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// What the pulling agent's read period costs a silo with nothing to read: process CPU per second of an idle silo reading
/// N partitions, for each read period, against the same process with no silo (the broker alone). With <c>--entities</c>,
/// each partition count's topic first gets one event per entity, and the silo is measured once every entity is active:
/// Orleans 10.4.2's agent looks at every stream it knows on each read, so an idle read costs more with more entities.
/// </summary>
internal static class IdleReadCost
{
    private const string Topic = MemoryStreamThroughput.Topic;

    public static async Task<int> RunAsync(string[] args)
    {
        var partitionCounts = ScenarioArguments.IntList(args, "--partitions", [8, 32]);
        var periods = ScenarioArguments.IntList(args, "--read-periods", [5, 20]);
        var seconds = ScenarioArguments.Int(args, "--seconds", 15);
        var entities = ScenarioArguments.Int(args, "--entities", 0);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-idle-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kafka-idle: {Environment.ProcessorCount} cores, {entities:N0} active entities, {seconds} s per measurement after 5 s of warm-up"));
            Console.WriteLine();
            Console.WriteLine("| partitions | read period | process CPU, ms per second | broker alone | the idle silo | per partition |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var partitions in partitionCounts)
            {
                // A broker per partition count: the bench grains subscribe to one stream namespace, so to one topic name.
                await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(root, "broker-" + partitions.ToString(CultureInfo.InvariantCulture)) });
                await KafkaEndToEnd.CreateTopicAsync(broker.BootstrapServers, Topic, partitions);
                if (entities > 0)
                {
                    KafkaEndToEnd.Produce(broker.BootstrapServers, Topic, entities, entities, 0, DateTimeOffset.UtcNow);
                }

                var brokerAlone = await MeasureAsync(seconds);
                foreach (var period in periods)
                {
                    // Memory storage and the provider's defaults but the read period; a group per period, so each silo reads from the start.
                    using var host = KafkaEndToEnd.BuildSilo(
                        broker.BootstrapServers,
                        stateDirectory: null,
                        TimeSpan.FromSeconds(5),
                        new ProviderTuning(null, null, null, null, null, period),
                        LocalDiskLayout.FilePerGrain,
                        "idle-" + period.ToString(CultureInfo.InvariantCulture));
                    await host.StartAsync();
                    var metrics = host.Services.GetRequiredService<ReactorMetrics>();
                    while (metrics.EventsApplied < entities)
                    {
                        await Task.Delay(50);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(5));
                    var withSilo = await MeasureAsync(seconds);
                    await host.StopAsync();
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {partitions} | {period} ms | {withSilo:F1} | {brokerAlone:F1} | {withSilo - brokerAlone:F1} | {(withSilo - brokerAlone) / partitions:F2} |"));
                }
            }

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

    /// <summary>Process CPU in milliseconds per second of wall time over <paramref name="seconds"/>.</summary>
    private static async Task<double> MeasureAsync(int seconds)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / clock.Elapsed.TotalSeconds;
    }
}
