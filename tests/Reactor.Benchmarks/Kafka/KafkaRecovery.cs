using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Reactor.Benchmarks.Streams;
using Reactor.DevBroker;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Recovery through the Kafka provider into entity grains with local-disk state, on a two-silo in-process cluster:
/// the live ingest rate (a backlog applied after every entity is active); the replay rate of a rewind to the earliest
/// offset that rebuilds every entity, against that ingest rate; and the time from one silo's crash (stopped without
/// any shutdown) until every partition is processing again, under a steady load.
/// </summary>
internal static class KafkaRecovery
{
    private const string Topic = MemoryStreamThroughput.Topic;

    public static async Task<int> RunAsync(string[] args)
    {
        var entities = ScenarioArguments.Int(args, "--entities", 10_000);
        var events = ScenarioArguments.Int(args, "--events", 100_000);
        var partitions = ScenarioArguments.Int(args, "--partitions", 8);
        var loadPercent = ScenarioArguments.Int(args, "--crash-load", 25);
        var flushSeconds = ScenarioArguments.Int(args, "--flush-seconds", 5);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-recovery-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(root, "broker"), DefaultPartitions = partitions });
            await KafkaEndToEnd.CreateTopicAsync(broker.BootstrapServers, Topic, partitions);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kafka-recovery: {events:N0} events over {entities:N0} entities, {partitions} partitions, 2 silos, local disk storage (fsync), flush and checkpoint every {flushSeconds} s, {Environment.ProcessorCount} cores"));
            // The first event of every entity first; the backlog once every entity is active, so the ingest rate is not
            // an activation rate.
            var total = entities + events;
            Produce(broker.BootstrapServers, 0, entities, entities);
            await using var cluster = await StartClusterAsync(broker.BootstrapServers, Path.Combine(root, "state"), TimeSpan.FromSeconds(flushSeconds));
            var metrics = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<ReactorMetrics>()).ToList();
            long Applied() => metrics.Sum(m => m.EventsApplied);
            await WaitAsync(() => Applied() >= entities);

            // 1. Live ingest: a backlog produced as fast as the client can while the silos apply it.
            var clock = Stopwatch.StartNew();
            Produce(broker.BootstrapServers, entities, total, entities);
            await WaitAsync(() => Applied() >= total);
            var ingest = events / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live ingest, all entities active: {ingest:N0} ev/s over {events:N0} events (producing them included)"));

            // 2. Replay: rewind to the earliest offset and rebuild every entity.
            var rewinds = cluster.Client.GetKafkaRewinds("kafka");
            clock.Restart();
            var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.Earliest });
            var appliedBeforeReplay = Applied();
            await WaitAsync(() => Applied() >= appliedBeforeReplay + total);
            var replayApplied = clock.Elapsed.TotalSeconds;
            var done = await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(50));
            var replayCommitted = clock.Elapsed.TotalSeconds;
            var replay = total / replayApplied;
            var sample = await cluster.Client.GetGrain<IBenchCounterGrain>("0").GetSnapshotAsync();
            var expectedCount = ((total - 1) / entities) + 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay rebuilding {entities:N0} entities: {total:N0} events applied again in {replayApplied:F1} s, {replay:N0} ev/s, ratio to live ingest {replay / ingest:F2}; rewind reported complete (every partition committed past its end, {done.ReplayedEvents:N0} events) after {replayCommitted:F1} s; entity 0 rebuilt with {sample.GetState<BenchCounter>().Count} events, expected {expectedCount}"));

            // 3. Crash one silo (in process: stopped without its shutdown sequence) under a steady load; time until a marker produced to every partition after the crash is applied.
            var rate = Math.Max(1, (int)(ingest * loadPercent / 100));
            using var stop = new CancellationTokenSource();
            var loading = Task.Factory.StartNew(() => ProduceAtRate(broker.BootstrapServers, rate, total, entities, stop.Token), TaskCreationOptions.LongRunning);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await MarkAsync(broker.BootstrapServers, partitions, round: 1);
            await WaitAsync(async () => await MarkersAppliedAsync(cluster.Client, partitions, 1) == partitions);
            clock.Restart();
            var crashed = cluster.Silos[1];
            await crashed.StopSiloAsync(stopGracefully: false);
            var stopped = clock.Elapsed;
            await MarkAsync(broker.BootstrapServers, partitions, round: 2);
            var resumed = new TimeSpan?[partitions];
            var membership = cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterMembershipService>();
            TimeSpan? declaredDead = null;
            while (resumed.Any(r => r is null) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                declaredDead ??= membership.CurrentSnapshot.GetSiloStatus(crashed.SiloAddress) == SiloStatus.Dead ? clock.Elapsed : null;
                var counts = await MarkerCountsAsync(cluster.Client, partitions);
                for (var p = 0; p < partitions; p++)
                {
                    resumed[p] ??= counts[p] >= 2 ? clock.Elapsed : null;
                }

                await Task.Delay(50);
            }

            await stop.CancelAsync();
            var sent = await loading;
            var times = resumed.Select(r => r?.TotalSeconds ?? double.NaN).OrderBy(t => t).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crash of one of 2 silos at {rate:N0} ev/s ({loadPercent}% of live ingest; {sent:N0} events produced during the phase): the kill took {stopped.TotalSeconds:F2} s; the survivor saw it dead after {declaredDead?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "(not yet)"} s; every partition processing again {times[^1]:F1} s after the crash (first partition {times[0]:F1} s, median {times[times.Count / 2]:F1} s)"));
            Console.WriteLine();
            Console.WriteLine("| measure | Reactor | baseline (same run) | ratio |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| replay rate rebuilding every entity, events applied again (ev/s) | {replay:N0} | live ingest {ingest:N0} | {replay / ingest:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| crash to every partition processing again (s) | {times[^1]:F1} | | |"));
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

    private static async Task<InProcessTestCluster> StartClusterAsync(string bootstrapServers, string stateDirectory, TimeSpan flushInterval)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r.AddEventType<BenchAdded>(FreshnessAtLoads.EventType).Configure(o => o.FlushInterval = flushInterval));
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = "bench-recovery";
                o.Topics.Add(new KafkaTopicOptions { Name = Topic });
                o.CheckpointInterval = flushInterval;
            });
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = stateDirectory);

            // Failure detection as the cluster tests configure it: a silo missing 3 probes of 2 s is declared dead by one vote.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 3;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static void Produce(string bootstrapServers, int from, int to, int entities)
    {
        using var producer = Producer(bootstrapServers);
        for (var i = from; i < to; i++)
        {
            producer.Produce(Topic, Message(i, i % entities));
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }

    private static async Task MarkAsync(string bootstrapServers, int partitions, int round)
    {
        using var producer = Producer(bootstrapServers);
        for (var p = 0; p < partitions; p++)
        {
            var key = Marker(p);
            var json = CloudEventJson.Encode(string.Create(CultureInfo.InvariantCulture, $"{key}-{round}"), "/bench", FreshnessAtLoads.EventType, key, DateTimeOffset.UtcNow, BenchAdded.One);
            await producer.ProduceAsync(new TopicPartition(Topic, new Partition(p)), new Message<string, byte[]> { Key = key, Value = json.ToArray() });
        }
    }

    private static async Task<int> MarkersAppliedAsync(IGrainFactory grains, int partitions, int round) =>
        (await MarkerCountsAsync(grains, partitions)).Count(c => c >= round);

    private static async Task<long[]> MarkerCountsAsync(IGrainFactory grains, int partitions) =>
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(async p =>
        {
            // A marker entity that lived on the killed silo answers once it is reactivated on the survivor.
            try
            {
                var snapshot = await grains.GetGrain<IBenchCounterGrain>(Marker(p)).GetSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(1));
                return snapshot.GetState<BenchCounter>().Count;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or SiloUnavailableException)
            {
                return 0L;
            }
        }));

    private static string Marker(int partition) => "marker-" + partition.ToString(CultureInfo.InvariantCulture);

    private static int ProduceAtRate(string bootstrapServers, int rate, int firstId, int entities, CancellationToken stop)
    {
        using var producer = Producer(bootstrapServers);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var due = (int)(clock.Elapsed.TotalSeconds * rate); sent < due; sent++)
            {
                producer.Produce(Topic, Message(firstId + sent, (firstId + sent) % entities));
            }

            Thread.Sleep(10);
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        return sent;
    }

    private static async Task WaitAsync(Func<bool> condition) => await WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("kafka-recovery: the cluster stopped making progress.");
            }

            await Task.Delay(5);
        }
    }

    private static IProducer<string, byte[]> Producer(string bootstrapServers) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();

    private static Message<string, byte[]> Message(int id, int entity)
    {
        var key = entity.ToString(CultureInfo.InvariantCulture);
        var json = CloudEventJson.Encode(id.ToString(CultureInfo.InvariantCulture), "/bench", FreshnessAtLoads.EventType, key, DateTimeOffset.UtcNow, BenchAdded.One);
        return new Message<string, byte[]> { Key = key, Value = json.ToArray() };
    }
}
