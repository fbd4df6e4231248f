using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;
using Reactor.TestInfrastructure;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// Events per second from synthetic in-memory queues through Orleans' persistent-stream pulling agent into
/// implicit-subscriber grains with no storage, with Orleans' <see cref="SimpleQueueAdapterCache"/> (the baseline) and the
/// provider's <see cref="EntityIndexedQueueAdapterCache"/>, at several entity counts and delivery batch sizes, in one
/// process and run. Each round puts its whole quota in the queues at once and measures how fast the backlog drains.
/// </summary>
internal static class CacheThroughput
{
    public const string SimpleCache = "simple";
    public const string IndexedCache = "indexed";
    public const string NamespacePrefix = "cache-bench-";
    private static readonly TimeSpan AllocationEventDelay = TimeSpan.FromMilliseconds(500);

    public static string EntityKey(int entity) => "e" + entity.ToString(CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CacheThroughputOptions.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cache: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {MemTotal()}, load average {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Queues} queues per provider, cache {options.CacheSize:N0} events per queue, caches {string.Join(",", options.Caches)}, BatchContainerBatchSize {string.Join(",", options.BatchSizes)}, {options.Rounds} measured rounds"));

        var results = new List<CacheRoundResult>();
        foreach (var entities in options.Entities)
        {
            results.AddRange(await RunSiloAsync(options, entities));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| entities | batch | cache | events/round | events/s (median) | µs CPU/event | bytes/event | GC pause | events/s vs simple | CPU/event vs simple | bytes/event vs simple |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Entities, r.BatchSize, r.Cache)))
        {
            var baseline = results.Where(r => r.Entities == group.Key.Entities && r.BatchSize == group.Key.BatchSize && r.Cache == SimpleCache).ToList();
            var rate = Median(group.Select(r => r.EventsPerSecond));
            var cpu = Median(group.Select(r => r.CpuMicrosecondsPerEvent));
            var bytes = Median(group.Select(r => r.BytesPerEvent));
            var pause = Median(group.Select(r => r.GcPausePercent));
            string Ratio(double value, Func<CacheRoundResult, double> metric) =>
                baseline.Count == 0 ? "–" : (value / Median(baseline.Select(metric))).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {group.Key.Entities:N0} | {group.Key.BatchSize} | {group.Key.Cache} | {group.First().Events:N0} | {rate:N0} | {cpu:F1} | {bytes:N0} | {pause:F0} % | {Ratio(rate, r => r.EventsPerSecond)} | {Ratio(cpu, r => r.CpuMicrosecondsPerEvent)} | {Ratio(bytes, r => r.BytesPerEvent)} |"));
        }

        return 0;
    }

    private static async Task<List<CacheRoundResult>> RunSiloAsync(CacheThroughputOptions options, int entities)
    {
        var feed = new CacheBenchFeed();
        using var meter = new AllocationMeter();
        var providers = options.Caches.SelectMany(cache => options.BatchSizes.Select(batch => (Cache: cache, Batch: batch, Name: $"{cache}-b{batch}"))).ToList();

        var builder = Host.CreateApplicationBuilder();
        // The benchmark prints its own results.
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(LoopbackPorts.Free(), LoopbackPorts.Free());
            silo.Services.AddSingleton(feed);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            foreach (var provider in providers)
            {
                silo.AddPersistentStreams(
                    provider.Name,
                    (services, name) => new CacheBenchQueueAdapterFactory(name, options.Queues, entities, CreateCache(services, name, provider.Cache, options.CacheSize), feed),
                    streams =>
                    {
                        streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
                        streams.ConfigurePullingAgent(ob => ob.Configure(o =>
                        {
                            o.BatchContainerBatchSize = provider.Batch;
                            o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10);
                        }));
                        streams.Configure<KafkaQueueCacheOptions>(ob => ob.Configure(o => { o.MaxCachedEvents = options.CacheSize; o.MaxCachedBytes = KafkaQueueCacheOptions.MaxMaxCachedBytes; }));
                    });
            }
        });
        using var host = builder.Build();
        await host.StartAsync();

        var perEntity = options.EventsPerEntity(entities);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entities:N0} entities: {perEntity} events per entity per round ({(long)perEntity * entities:N0} events)"));

        // Warm-up: one event per entity activates the grains (first provider) and registers every stream with every
        // provider's agents; with few entities, more events so that at least 100,000 pass to JIT the delivery path.
        var jitEvents = 100_000 / entities;
        foreach (var provider in providers)
        {
            var clock = Stopwatch.StartNew();
            await RoundAsync(meter, feed, provider.Name, provider.Cache, provider.Batch, entities, 1);
            if (jitEvents > 1)
            {
                await RoundAsync(meter, feed, provider.Name, provider.Cache, provider.Batch, entities, jitEvents);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up {provider.Name}: {clock.Elapsed.TotalSeconds:F1} s"));
        }

        // Rounds alternate between providers so that load from elsewhere on the machine spreads over all of them.
        var results = new List<CacheRoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var provider in providers)
            {
                var result = await RoundAsync(meter, feed, provider.Name, provider.Cache, provider.Batch, entities, perEntity);
                results.Add(result);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  round {round} {provider.Name,-12} {result.EventsPerSecond,10:N0} ev/s  {result.CpuMicrosecondsPerEvent,6:F1} µs CPU/ev  {result.BytesPerEvent,7:N0} B/ev  GC pause {result.GcPausePercent,3:F0} %  ({result.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        await host.StopAsync();
        return results;
    }

    private static IQueueAdapterCache CreateCache(IServiceProvider services, string name, string cache, int cacheSize) =>
        cache == SimpleCache
            ? new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = cacheSize }, name, services.GetRequiredService<ILoggerFactory>())
            : EntityIndexedQueueAdapterCache.Create(services, name);

    private static async Task<CacheRoundResult> RoundAsync(AllocationMeter meter, CacheBenchFeed feed, string provider, string cache, int batch, int entities, int perEntity)
    {
        var events = (long)perEntity * entities;
        var target = feed.ReceivedCount + events;

        // Start each round from a collected heap, so one round's garbage is not charged to the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(AllocationEventDelay);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = meter.AllocatedBytes;
        var pause = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();

        feed.Enqueue(provider, perEntity);
        await WaitAsync(() => feed.ReceivedCount >= target, TimeSpan.FromMinutes(30), $"{events:N0} events received through {provider}");

        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpuTime = process.TotalProcessorTime - cpu;
        var pauseTime = GC.GetTotalPauseDuration() - pause;

        // Not timed: every event comes back to its receiver after delivery, and none was delivered twice. Allocations are
        // counted until then, hand-back included, plus the delay of the allocation events.
        var generated = (long)feed.EventsPerEntity(provider) * entities;
        await WaitAsync(() => feed.HandedBackCount(provider) >= generated, TimeSpan.FromMinutes(5), $"{generated:N0} events handed back to {provider}'s receivers");
        await Task.Delay(AllocationEventDelay);
        var result = new CacheRoundResult(cache, batch, entities, events, elapsed, cpuTime, meter.AllocatedBytes - allocated, pauseTime);
        if (feed.ReceivedCount != target || feed.HandedBackCount(provider) != generated)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{provider}: received {feed.ReceivedCount:N0} events (expected {target:N0}), handed back {feed.HandedBackCount(provider):N0} (expected {generated:N0})."));
        }

        return result;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(1);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string MemTotal() =>
        File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Replace("  ", " ", StringComparison.Ordinal) : "memory unknown";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
