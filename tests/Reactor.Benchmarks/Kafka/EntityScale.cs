using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Benchmarks.LocalDisk;
using Reactor.Benchmarks.Streams;
using Reactor.DevBroker;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Memory per active and per idle (deactivated) entity, and activation and deactivation rates: one silo reading the
/// DevBroker through the Kafka provider into entity grains with local-disk state; one event for each of N new entities
/// activates them, then Orleans' activation collection deactivates them all. Memory is the managed heap after a full
/// blocking collection and the process working set, each against the idle silo before the events.
/// </summary>
internal static class EntityScale
{
    private const string Topic = MemoryStreamThroughput.Topic;
    private const string GroupId = "bench-scale";

    public static async Task<int> RunAsync(string[] args)
    {
        var entities = ScenarioArguments.Int(args, "--entities", 100_000);
        var partitions = ScenarioArguments.Int(args, "--partitions", 8);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-scale-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(root, "broker"), DefaultPartitions = partitions });
            await KafkaEndToEnd.CreateTopicAsync(broker.BootstrapServers, Topic, partitions);

            var layout = LayoutArgument.From(args);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: {entities:N0} entities, one event each, {partitions} partitions, one silo, local disk storage ({LayoutArgument.Describe(layout)}, fsync), flush and checkpoint every 5 s, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}"));
            var stateDirectory = Path.Combine(root, "state");
            using var host = BuildSilo(broker.BootstrapServers, stateDirectory, layout, ProviderTuning.From(args));
            await host.StartAsync();
            var metrics = host.Services.GetRequiredService<ReactorMetrics>();
            var idle = Memory.Sample();
            Console.WriteLine($"silo started, no entities: {idle}");

            // Activation: the events are produced while the silo reads them; the clock runs from the first produce.
            using var gcPauses = new GcPauseListener();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var producing = Task.Run(() => Produce(broker.BootstrapServers, entities));
            var maxGap = TimeSpan.Zero;
            var longGaps = new List<(DateTime StartUtc, DateTime EndUtc)>();
            var (lastApplied, lastProgress) = (0L, TimeSpan.Zero);
            var nextReport = TimeSpan.FromSeconds(30);
            while (metrics.ActiveEntities < entities || metrics.EventsApplied < entities)
            {
                await Task.Delay(10);
                if (producing.IsFaulted)
                {
                    // Surface the producer's failure rather than wait forever for events it never sent.
                    await producing;
                }

                if (clock.Elapsed >= nextReport)
                {
                    // Long runs (a million entities) show their progress.
                    nextReport += TimeSpan.FromSeconds(30);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds:F0} s: {metrics.ActiveEntities:N0} active, {metrics.EventsApplied:N0} events applied, managed heap {GC.GetTotalMemory(false) / (1024 * 1024):N0} MiB, longest pause so far {maxGap.TotalMilliseconds:F0} ms"));
                }

                if (metrics.EventsApplied != lastApplied)
                {
                    if (lastApplied > 0 && clock.Elapsed - lastProgress > TimeSpan.FromMilliseconds(500))
                    {
                        var now = DateTime.UtcNow;
                        longGaps.Add((now - (clock.Elapsed - lastProgress), now));
                    }

                    maxGap = lastApplied > 0 && clock.Elapsed - lastProgress > maxGap ? clock.Elapsed - lastProgress : maxGap;
                    (lastApplied, lastProgress) = (metrics.EventsApplied, clock.Elapsed);
                }
            }

            var activation = clock.Elapsed;
            var activationCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            await producing;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activation: {entities:N0} entities active and their events applied in {activation.TotalSeconds:F1} s: {entities / activation.TotalSeconds:N0} activations/s, {activationCpu.TotalMilliseconds / entities:F2} ms process CPU each; longest pause in applying events once started: {maxGap.TotalMilliseconds:F0} ms"));
            var activationPauses = gcPauses.TakeInterval();
            Console.WriteLine($"GC during activation: {activationPauses}");
            // Whether the stalls are the garbage collector's: how much of each long gap the runtime was suspended.
            var gapsWithGc = longGaps.Select(g => (g.StartUtc, Gap: g.EndUtc - g.StartUtc, Gc: activationPauses.SuspendedWithin(g.StartUtc, g.EndUtc))).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gaps over 500 ms with no event applied: {gapsWithGc.Count}, {gapsWithGc.Sum(g => g.Gap.TotalSeconds):F1} s in all, of which GC suspension {gapsWithGc.Sum(g => g.Gc.TotalSeconds):F1} s"));
            foreach (var (startUtc, gap, gc) in gapsWithGc.OrderByDescending(g => g.Gap).Take(5))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gap {gap.TotalMilliseconds:F0} ms from {startUtc:HH:mm:ss.fff} UTC, GC suspension within it {gc.TotalMilliseconds:F0} ms"));
            }


            // Wait until every partition's offsets are committed: until then each checkpoint asks every entity with
            // uncommitted events whether it is durable, and that call activates an entity that was collected, so a
            // collection started earlier races the checkpoint and the entities come back (measured: at 100,000, ~77,000
            // reactivated within 23 s of the collection, none left for Orleans to collect again).
            clock.Restart();
            if (!await AllCommittedAsync(broker.BootstrapServers, partitions, entities, TimeSpan.FromMinutes(5)))
            {
                Console.WriteLine("offsets not all committed within 5 minutes; collecting anyway");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all offsets committed {clock.Elapsed.TotalSeconds:F1} s after activation"));
            var active = Memory.Sample();
            Console.WriteLine($"all active: {active}");

            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            try
            {
                await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                // The call answers once every deactivation is done, which can take longer than Orleans' 30 s response
                // timeout; the collection goes on, and the loop below watches it.
            }

            // The rate is taken at the last deactivation seen, so a few entities that stay active (kept by a call
            // in flight) do not stretch it to the 10-minute cap.
            var (lastActive, lastDeactivation, cpuAtLast) = (metrics.ActiveEntities, TimeSpan.Zero, TimeSpan.Zero);
            while (metrics.ActiveEntities > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(10);
                if (metrics.ActiveEntities != lastActive)
                {
                    (lastActive, lastDeactivation, cpuAtLast) = (metrics.ActiveEntities, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
                }
            }

            var deactivation = lastDeactivation > TimeSpan.Zero ? lastDeactivation : clock.Elapsed;
            var deactivationCpu = cpuAtLast > TimeSpan.Zero ? cpuAtLast : Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var deactivated = entities - metrics.ActiveEntities;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deactivation: {deactivated:N0} entities, the last of them {deactivation.TotalSeconds:F1} s after the collection started ({metrics.ActiveEntities:N0} still active after {clock.Elapsed.TotalSeconds:F0} s): {deactivated / deactivation.TotalSeconds:N0} deactivations/s, {deactivationCpu.TotalMilliseconds / Math.Max(1, deactivated):F2} ms process CPU each"));
            var after = Memory.Sample();
            Console.WriteLine($"all deactivated: {after}");
            var diskBytes = new DirectoryInfo(stateDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

            Console.WriteLine();
            Console.WriteLine("| measure | per entity |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed heap per active entity (bytes) | {(active.Heap - idle.Heap) / (double)entities:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| working set per active entity (bytes) | {(active.WorkingSet - idle.WorkingSet) / (double)entities:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed heap per idle (deactivated) entity (bytes) | {(after.Heap - idle.Heap) / (double)entities:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| working set per idle entity (bytes; the GC keeps freed memory) | {(after.WorkingSet - idle.WorkingSet) / (double)entities:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| state on disk per entity (bytes, file contents) | {diskBytes / (double)entities:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| activations/s (with the entity's first event applied) | {entities / activation.TotalSeconds:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| deactivations/s | {deactivated / deactivation.TotalSeconds:N0} |"));
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

    private static IHost BuildSilo(string bootstrapServers, string stateDirectory, LocalDiskLayout layout, ProviderTuning tuning)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
            silo.AddReactor(r => r.AddEventType<BenchAdded>(FreshnessAtLoads.EventType).Configure(o => o.FlushInterval = TimeSpan.FromSeconds(5)));
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = GroupId;
                o.Topics.Add(new KafkaTopicOptions { Name = Topic });
                o.CheckpointInterval = TimeSpan.FromSeconds(5);
                tuning.ConfigureDelivery(o);
            });
            silo.AddLocalDiskGrainStorage("reactor", o =>
            {
                o.RootDirectory = stateDirectory;
                o.Layout = layout;
            });
            tuning.ConfigureCacheAndAgent(silo, "kafka");
        });
        return builder.Build();
    }

    /// <summary>Polls the consumer group's committed offsets until they cover every produced event.</summary>
    private static async Task<bool> AllCommittedAsync(string bootstrapServers, int partitions, int events, TimeSpan limit)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = GroupId, EnableAutoCommit = false }).Build();
        var topicPartitions = Enumerable.Range(0, partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                var committed = consumer.Committed(topicPartitions, TimeSpan.FromSeconds(10)).Sum(o => Math.Max(0, o.Offset.Value));
                if (committed >= events)
                {
                    return true;
                }
            }
            catch (KafkaException ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_TimedOut)
            {
                // The in-process broker shares the two cores with a silo writing a million states; ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return false;
    }

    private static void Produce(string bootstrapServers, int entities)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();
        var data = JsonSerializer.SerializeToElement(new BenchAdded(1), ReactorJson.Options);
        for (var i = 0; i < entities; i++)
        {
            var key = i.ToString(CultureInfo.InvariantCulture);
            FreshnessAtLoads.ProduceWaitingForRoom(producer, Topic, new Message<string, byte[]> { Key = key, Value = CloudEventJson.Encode(key, "/bench", FreshnessAtLoads.EventType, key, DateTimeOffset.UtcNow, data).ToArray() });
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }

    private readonly record struct Memory(long Heap, long WorkingSet)
    {
        public static Memory Sample()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            return new Memory(GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes, process.WorkingSet64);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"managed heap {Heap / 1_048_576.0:N0} MiB, working set {WorkingSet / 1_048_576.0:N0} MiB");
    }
}
