using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.Runtime.Hosting;
using Reactor.Runtime.Metrics;
using Reactor.Runtime.Sources;

namespace Reactor.Benchmarks.Streams;

/// <summary>
/// Events per second from CloudEvents JSON into entity grains with state updates, through the in-process
/// source and Orleans memory streams, against the same events decoded the same way and delivered by direct
/// grain calls, in the same process and run.
/// </summary>
internal static class MemoryStreamThroughput
{
    public const string Topic = "bench-counters";
    private const string EventType = "bench.added";

    public static async Task<int> RunAsync(string[] args)
    {
        var entities = ScenarioArguments.Int(args, "--entities", 1_000);
        var events = ScenarioArguments.Int(args, "--events", 200_000);
        var rounds = ScenarioArguments.Int(args, "--rounds", 3);
        var publishers = ScenarioArguments.Int(args, "--publishers", 8);
        var storage = args.Contains("--disk") ? "local disk" : "memory";
        using var data = new TempData();

        var builder = Host.CreateApplicationBuilder();
        // The benchmark prints its own results; silo shutdown noise (memory storage stopping first) is not one of them.
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
            silo.AddReactor(r => r.AddEventType<BenchAdded>(EventType).UseInMemoryDeadLetters().Configure(o => o.FlushInterval = TimeSpan.FromSeconds(5)));
            silo.AddReactorInProcessSource(o => o.PartitionsPerTopic = 8);
            if (storage == "memory")
            {
                silo.AddReactorMemoryGrainStorage();
            }
            else
            {
                silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = data.Path);
            }
        });
        using var host = builder.Build();
        await host.StartAsync();
        var source = host.Services.GetRequiredService<InProcessEventSource>();
        var metrics = host.Services.GetRequiredService<ReactorMetrics>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var decoder = new CloudEventDecoder(host.Services.GetRequiredService<EventTypeRegistry>());

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory-streams: {events:N0} events over {entities:N0} entities, {rounds} rounds, {publishers} concurrent publishers, {storage} storage, {Environment.ProcessorCount} cores"));
        var payloads = Enumerable.Range(0, events).Select(i => Json(i % entities, i)).ToArray();

        // Warm-up: activates every entity on both paths and JITs both.
        await StreamRound(source, metrics, payloads[..Math.Min(events, entities * 2)], entities, publishers, "warm");
        await DirectRound(grains, decoder, payloads[..Math.Min(events, entities * 2)], entities, publishers, "warm");

        var streamRates = new List<double>();
        var directRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var stream = await StreamRound(source, metrics, payloads, entities, publishers, "bench");
            var direct = await DirectRound(grains, decoder, payloads, entities, publishers, "bench");
            streamRates.Add(events / stream.TotalSeconds);
            directRates.Add(events / direct.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: memory streams {events / stream.TotalSeconds,10:N0} ev/s | direct calls {events / direct.TotalSeconds,10:N0} ev/s | ratio {direct.TotalSeconds / stream.TotalSeconds:F2}"));
        }

        var streamMedian = Median(streamRates);
        var directMedian = Median(directRates);
        Console.WriteLine();
        Console.WriteLine("| path | events/s (median) | ratio to direct calls |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| in-process source + memory streams | {streamMedian:N0} | {streamMedian / directMedian:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| direct grain calls (baseline) | {directMedian:N0} | 1.00 |"));
        await host.StopAsync();
        return 0;
    }

    private static async Task<TimeSpan> StreamRound(InProcessEventSource source, ReactorMetrics metrics, ReadOnlyMemory<byte>[] payloads, int entities, int publishers, string prefix)
    {
        var target = metrics.EventsApplied + payloads.Length;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, publishers), async (publisher, ct) =>
        {
            // Each publisher owns a slice of the entities, so every entity's events stay in order.
            for (var i = 0; i < payloads.Length; i++)
            {
                var entity = i % entities;
                if (entity % publishers == publisher)
                {
                    await source.PublishAsync(Topic, payloads[i], Key(prefix, "s", entity), cancellationToken: ct);
                }
            }
        });
        while (metrics.EventsApplied < target)
        {
            await Task.Delay(1);
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> DirectRound(IGrainFactory grains, CloudEventDecoder decoder, ReadOnlyMemory<byte>[] payloads, int entities, int publishers, string prefix)
    {
        var offsets = new long[entities];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, publishers), async (publisher, _) =>
        {
            for (var i = 0; i < payloads.Length; i++)
            {
                var entity = i % entities;
                if (entity % publishers != publisher)
                {
                    continue;
                }

                var key = Key(prefix, "d", entity);
                var position = new LogPosition(Topic, entity % 8, DateTime.UtcNow.Ticks + offsets[entity]++);
                var envelope = decoder.Decode(payloads[i], key, position, DateTimeOffset.UtcNow).Envelope!;
                await grains.GetGrain<IBenchCounterGrain>(key).Deliver(envelope);
            }
        });
        return clock.Elapsed;
    }

    private static string Key(string prefix, string path, int entity) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{path}-{entity}");

    private static ReadOnlyMemory<byte> Json(int entity, int sequence) =>
        CloudEventJson.Encode(
            sequence.ToString(CultureInfo.InvariantCulture),
            "/bench",
            EventType,
            entity.ToString(CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow,
            BenchAdded.One);

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);


    private sealed class TempData : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reactor-bench-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
