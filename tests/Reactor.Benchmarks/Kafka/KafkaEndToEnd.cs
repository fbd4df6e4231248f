using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Benchmarks.LocalDisk;
using Reactor.Benchmarks.Streams;
using Reactor.DevBroker;
using Reactor.Runtime.Events;
using Reactor.Runtime.Hosting;
using Reactor.Runtime.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// End-to-end events/s from Kafka (the DevBroker) through the Kafka stream provider into entity grains with state
/// updates, a rule and durable local-disk persistence, against a raw Confluent.Kafka consumer loop draining the same
/// topic in the same run; then event freshness at 25, 50 and 80% of the measured rate, with the hand-written consumer at the same rates.
/// </summary>
internal static class KafkaEndToEnd
{
    private const string Topic = MemoryStreamThroughput.Topic;
    private const string EventType = "bench.added";

    public static async Task<int> RunAsync(string[] args)
    {
        var entities = ScenarioArguments.Int(args, "--entities", 10_000);
        var events = ScenarioArguments.Int(args, "--events", 200_000);
        var partitions = ScenarioArguments.Int(args, "--partitions", 8);
        var freshnessSeconds = ScenarioArguments.Int(args, "--freshness-seconds", 20);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-kafka-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The broker's warnings and errors on the console, so a failed run says why.
            using var brokerLogging = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
            await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(root, "broker"), DefaultPartitions = partitions }, brokerLogging);
            await CreateTopicAsync(broker.BootstrapServers, Topic, partitions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kafka-e2e: {events:N0} events over {entities:N0} entities, {partitions} partitions, local disk storage, {Environment.ProcessorCount} cores"));
            // The first event of every entity comes first: the silo activates each entity on it (cold start), and the
            // steady-state rate is measured over what is applied after every entity is active.
            var total = entities + events;
            Produce(broker.BootstrapServers, Topic, total, entities, 0, DateTimeOffset.UtcNow);

            var rawCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var raw = RawConsumerRate(broker.BootstrapServers, total, partitions);
            var rawCpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - rawCpuBefore).TotalMicroseconds / total;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw Confluent.Kafka consumer loop: {raw:N0} ev/s; process CPU {rawCpuPerEvent:F1} µs/event (with the in-process broker)"));

            var memoryStorage = args.Contains("--memory-storage");
            var flushSeconds = ScenarioArguments.Int(args, "--flush-seconds", 5);
            // --reactor-only skips the hand-written consumer and the Akka.NET peer (minutes at 100,000 entities), for
            // comparing settings of Reactor alone against the raw loop.
            var reactorOnly = args.Contains("--reactor-only");
            var (handWritten, akkaCold, akka) = reactorOnly ? (double.NaN, double.NaN, double.NaN) : await RunBaselinesAsync(broker.BootstrapServers, total, entities, partitions, root, flushSeconds, raw);
            var layout = LayoutArgument.From(args);
            using var host = BuildSilo(broker.BootstrapServers, memoryStorage ? null : Path.Combine(root, "state"), TimeSpan.FromSeconds(flushSeconds), ProviderTuning.From(args), layout);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storage: {(memoryStorage ? "in memory (not durable; for comparison)" : $"local disk ({LayoutArgument.Describe(layout)}), fsync")}, entity flush interval and checkpoint interval {flushSeconds} s"));
            var metrics = host.Services.GetRequiredService<ReactorMetrics>();
            using var counters = new ProviderCounters();
            var clock = Stopwatch.StartNew();
            await host.StartAsync();
            while (metrics.ActiveEntities < entities)
            {
                await Task.Delay(5);
            }

            var coldStart = clock.Elapsed;
            FreshnessAtLoads.GcPauses.TakeInterval();
            var appliedAtWarm = metrics.EventsApplied;
            counters.TakeInterval();
            var cpuAtWarm = Process.GetCurrentProcess().TotalProcessorTime;
            while (metrics.EventsApplied < total)
            {
                await Task.Delay(5);
            }

            var steadyCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtWarm;
            var steadyPauses = FreshnessAtLoads.GcPauses.TakeInterval();
            var reactor = (total - appliedAtWarm) / (clock.Elapsed - coldStart).TotalSeconds;
            var cpuPerEvent = steadyCpu.TotalMicroseconds / (total - appliedAtWarm);
            var cold = total / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silo start and {entities:N0} activations: {coldStart.TotalSeconds:F1} s ({appliedAtWarm:N0} events applied meanwhile); whole run including them: {cold:N0} ev/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reactor (provider into entity grains, durable), all entities active: {reactor:N0} ev/s over {total - appliedAtWarm:N0} events, ratio to raw {reactor / raw:F2}; process CPU {cpuPerEvent:F1} µs/event ({steadyCpu.TotalSeconds / (clock.Elapsed - coldStart).TotalSeconds:F2} cores busy); {counters.TakeInterval()}; {steadyPauses}"));

            // Freshness at fractions of the measured steady rate, live: events stamped at produce time.
            var loads = FreshnessAtLoads.Loads(args);
            var reactorFreshness = new List<LoadFreshness>();
            using var timeline = Environment.GetEnvironmentVariable("REACTOR_BENCH_TIMELINE") == "1" ? new FreshnessTimeline() : null;
            var appliedSoFar = (long)total;

            // --load-base N takes the loads as fractions of N events/s instead of this run's steady rate, so that two
            // builds of different speed can be compared at the same offered rates.
            var loadBase = args.Contains("--load-base") ? ScenarioArguments.Int(args, "--load-base", 0) : reactor;
            foreach (var load in loads)
            {
                var rate = Math.Max(1, (int)(loadBase * load / 100));
                var measured = await FreshnessAtLoads.MeasureAsync(broker.BootstrapServers, Topic, rate, freshnessSeconds, entities, appliedSoFar, () => metrics.EventsApplied, metrics.Freshness);
                appliedSoFar += measured.Sent;
                reactorFreshness.Add(measured);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reactor freshness at {load}% ({rate:N0} ev/s): p50 / p99 / p99.9 {measured.Percentiles} ms over {measured.Latencies.Count:N0} events; {measured.Cpu}; {counters.TakeInterval()}; {measured.Pauses}"));
                if (timeline is not null)
                {
                    Console.WriteLine("  " + timeline.TakeAroundWorst(TimeSpan.FromSeconds(freshnessSeconds + 60)));
                }
            }

            await host.StopAsync();
            if (reactorOnly)
            {
                return 0;
            }

            var handFreshness = await HandWrittenFreshnessAsync(broker.BootstrapServers, partitions, entities, freshnessSeconds, Path.Combine(root, "hand-written-live"), TimeSpan.FromSeconds(flushSeconds), reactorFreshness);
            Console.WriteLine();
            Console.WriteLine("| path | events/s | ratio to raw consumer | ratio to hand-written |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw Confluent.Kafka consumer loop (baseline) | {raw:N0} | 1.00 | {raw / handWritten:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hand-written single-process consumer, same handler, local disk (baseline) | {handWritten:N0} | {handWritten / raw:F2} | 1.00 |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Akka.NET cluster sharding peer (entities started) | {akka:N0} | {akka / raw:F2} | {akka / handWritten:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Reactor: Kafka provider → entity grains, state + rule, local disk (entities active) | {reactor:N0} | {reactor / raw:F2} | {reactor / handWritten:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Akka.NET peer, whole run including entity starts | {akkaCold:N0} | {akkaCold / raw:F2} | {akkaCold / handWritten:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Reactor, whole run including silo start and activations | {cold:N0} | {cold / raw:F2} | {cold / handWritten:F2} |"));
            Console.WriteLine();
            Console.WriteLine("| load (% of Reactor's steady rate, or of --load-base) | offered ev/s | Reactor p50 / p99 / p99.9 ms | hand-written p50 / p99 / p99.9 ms (baseline) | p99 ratio |");
            Console.WriteLine("|---:|---:|---|---|---:|");
            for (var i = 0; i < loads.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {loads[i]} | {reactorFreshness[i].Rate:N0} | {reactorFreshness[i].Percentiles} | {handFreshness[i].Percentiles} | {reactorFreshness[i].P99Ms / handFreshness[i].P99Ms:F1} |"));
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

    /// <summary>Runs the hand-written consumer and the Akka.NET peer over the topic, printing each one's rate and CPU per event.</summary>
    private static async Task<(double HandWritten, double AkkaCold, double Akka)> RunBaselinesAsync(string bootstrapServers, int total, int entities, int partitions, string root, int flushSeconds, double raw)
    {
        var handCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var handWritten = HandWrittenConsumer.Run(bootstrapServers, Topic, total, partitions, Path.Combine(root, "hand-written"), TimeSpan.FromSeconds(flushSeconds));
        var handCpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - handCpuBefore).TotalMicroseconds / total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hand-written single-process consumer (dictionary of states, same handler and rule, local disk every {flushSeconds} s): {handWritten:N0} ev/s, ratio to raw {handWritten / raw:F2}; process CPU {handCpuPerEvent:F1} µs/event"));
        var akkaCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (akkaCold, akka) = await AkkaShardingPeer.RunAsync(bootstrapServers, Topic, total, entities, partitions, Path.Combine(root, "akka"), TimeSpan.FromSeconds(flushSeconds));
        var akkaCpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - akkaCpuBefore).TotalMicroseconds / total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Akka.NET cluster sharding peer (same consumer loop, same handler, local disk every {flushSeconds} s): {akka:N0} ev/s with all entities started, {akkaCold:N0} ev/s whole run; process CPU {akkaCpuPerEvent:F1} µs/event"));
        return (handWritten, akkaCold, akka);
    }

    /// <summary>The hand-written consumer live on a topic of its own, fed at the same rates Reactor was.</summary>
    private static async Task<List<LoadFreshness>> HandWrittenFreshnessAsync(string bootstrapServers, int partitions, int entities, int seconds, string directory, TimeSpan flushInterval, List<LoadFreshness> reactorLoads)
    {
        const string handTopic = "bench-hand-freshness";
        await CreateTopicAsync(bootstrapServers, handTopic, partitions);
        using var stop = new CancellationTokenSource();
        var progress = new HandWrittenLiveProgress { Stop = stop.Token };
        var consuming = Task.Factory.StartNew(() => HandWrittenConsumer.Run(bootstrapServers, handTopic, int.MaxValue, partitions, directory, flushInterval, progress), TaskCreationOptions.LongRunning);
        // Not measured: 2 s at the lowest rate so the consumer's first fetches and JIT are not in the first load's tail.
        var warmUp = await FreshnessAtLoads.MeasureAsync(bootstrapServers, handTopic, reactorLoads[0].Rate, 2, entities, 0, () => progress.AppliedCount, progress.Freshness);
        var results = new List<LoadFreshness>();
        long appliedSoFar = warmUp.Sent;
        foreach (var reactorLoad in reactorLoads)
        {
            var measured = await FreshnessAtLoads.MeasureAsync(bootstrapServers, handTopic, reactorLoad.Rate, seconds, entities, appliedSoFar, () => progress.AppliedCount, progress.Freshness);
            appliedSoFar += measured.Sent;
            results.Add(measured);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hand-written freshness at {measured.Rate:N0} ev/s: p50 / p99 / p99.9 {measured.Percentiles} ms over {measured.Latencies.Count:N0} events; {measured.Cpu}; {measured.Pauses}"));
        }

        await stop.CancelAsync();
        await consuming;
        return results;
    }

    /// <summary>Builds the bench silo: the Kafka provider on the bench topic, local-disk state (in memory when <paramref name="stateDirectory"/> is null).</summary>
    internal static IHost BuildSilo(string bootstrapServers, string? stateDirectory, TimeSpan flushInterval, ProviderTuning tuning, LocalDiskLayout layout, string groupId = "bench")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
            silo.AddReactor(r => r.AddEventType<BenchAdded>(EventType));
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = groupId;
                o.Topics.Add(new KafkaTopicOptions { Name = Topic });
                o.CheckpointInterval = flushInterval;
                if (tuning.CheckpointSpread is { } spread)
                {
                    o.CheckpointSpread = spread;
                }

                tuning.ConfigureDelivery(o);
            });
            if (stateDirectory is null)
            {
                silo.AddReactorMemoryGrainStorage();
            }
            else
            {
                silo.AddLocalDiskGrainStorage("reactor", o =>
                {
                    o.RootDirectory = stateDirectory;
                    o.Layout = layout;
                });
            }

            silo.Services.Configure<ReactorOptions>(o => o.FlushInterval = flushInterval);
            tuning.ConfigureCacheAndAgent(silo, "kafka");
        });
        return builder.Build();
    }

    internal static async Task CreateTopicAsync(string bootstrapServers, string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    internal static void Produce(string bootstrapServers, string topic, int events, int entities, int offset, DateTimeOffset time)
    {
        using var producer = Producer(bootstrapServers);
        for (var i = 0; i < events; i++)
        {
            var key = ((offset + i) % entities).ToString(CultureInfo.InvariantCulture);
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = Json(key, offset + i, time) });
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }

    private static double RawConsumerRate(string bootstrapServers, int events, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "raw-baseline", EnableAutoCommit = false }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var first = consumer.Consume(TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException("The raw consumer read nothing.");
        var clock = Stopwatch.StartNew();
        var count = 1;
        long checksum = first.Message.Value.Length;
        while (count < events)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(30)) is { } record)
            {
                checksum += record.Message.Value.Length;
                count++;
            }
        }

        GC.KeepAlive(checksum);
        return count / clock.Elapsed.TotalSeconds;
    }

    private static IProducer<string, byte[]> Producer(string bootstrapServers) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();

    private static byte[] Json(string key, int sequence, DateTimeOffset time) =>
        CloudEventJson.Encode(sequence.ToString(CultureInfo.InvariantCulture), "/bench", EventType, key, time, BenchAdded.One).ToArray();
}
