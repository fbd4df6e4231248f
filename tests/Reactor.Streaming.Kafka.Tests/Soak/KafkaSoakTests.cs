using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Streaming.Kafka.Tests.Delivery;
using Reactor.TestInfrastructure;
using Xunit.Abstractions;

namespace Reactor.Streaming.Kafka.Tests.Soak;

/// <summary>
/// A steady load from the DevBroker through the Kafka provider into entity grains with local-disk state, for a bounded
/// time, with the process's memory, managed heap, file descriptors and threads sampled; nothing may grow beyond a stated
/// bound between the first sample after warm-up and the last, and every event must be applied and committed.
/// Short mode (CI): 60 s of load. <c>REACTOR_SOAK=full</c>: 30 minutes.
/// </summary>
public sealed class KafkaSoakTests(ITestOutputHelper output) : IDisposable
{
    private const int Entities = 1_000;
    private const int EventsPerSecond = 2_000;
    private const int Partitions = 8;

    // Bounds. The short mode measured on the 2-core development machine (load average 14 to 25, 2026-11-23): between
    // the sample at 20 s and the last at 60 s the managed heap after a full collection moved by -1.5 MiB (45-47 MiB
    // throughout), the working set by -5 MiB (~225 MiB), descriptors by -8 (~390) and threads by -15 (78-93: the
    // thread pool retiring what it injected during start-up). The bounds are several times those swings so a loaded
    // CI machine does not fail them, yet a steady leak does: the short mode applies ~80,000 events after warm-up, so
    // the heap bound catches a leak of ~850 bytes per event there, and of ~20 bytes per event in the full mode (3.6
    // million events); one descriptor or thread leaked per entity flush or per checkpoint exceeds the others.
    private const long ManagedHeapGrowthBound = 64L * 1024 * 1024;
    private const long WorkingSetGrowthBound = 256L * 1024 * 1024;
    private const int HandleGrowthBound = 64;
    private const int ThreadGrowthBound = 64;

    private readonly TempDirectory _data = new("kafka-soak");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Steady_load_applies_and_commits_every_event_and_memory_handles_and_threads_stay_bounded()
    {
        var mode = SoakMode.FromEnvironment();
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configure: o =>
        {
            o.Topics.Clear();
            o.Topics.Add(new KafkaTopicOptions { Name = SoakTopic.Name, Partitions = Partitions });
        });

        var expected = new long[Entities];
        var produced = 0L;
        var clock = Stopwatch.StartNew();
        var producing = Task.Run(async () =>
        {
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
            var random = new Random(10);
            while (clock.Elapsed < mode.Load)
            {
                // Paced, not synchronised: catch up to the rate, then wait for the next slice of time.
                for (var due = (long)(clock.Elapsed.TotalSeconds * EventsPerSecond); Interlocked.Read(ref produced) < due; Interlocked.Increment(ref produced))
                {
                    var entity = random.Next(Entities);
                    var id = EntityId(entity);
                    var json = TestCloudEvents.Create(CounterEntity.IncrementType, id, new Increment(1)).ToArray();
                    producer.Produce(SoakTopic.Name, new Message<string, byte[]> { Key = id, Value = json });
                    expected[entity]++;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }

            producer.Flush(TimeSpan.FromMinutes(1));
        });

        var samples = new List<ProcessResources>();
        var next = mode.WarmUp;
        while (!producing.IsCompleted)
        {
            if (clock.Elapsed >= next)
            {
                samples.Add(ProcessResources.Sample(clock.Elapsed, Interlocked.Read(ref produced)));
                output.WriteLine(samples[^1].ToString());
                next += mode.SampleEvery;
            }

            await Task.WhenAny(producing, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }

        await producing;
        samples.Add(ProcessResources.Sample(clock.Elapsed, Interlocked.Read(ref produced)));
        output.WriteLine(samples[^1].ToString());

        // Progress: every event applied exactly once and every offset committed.
        await Eventually.Until($"{Entities} entities to apply all {produced:N0} events", async () =>
        {
            var snapshots = await Task.WhenAll(Enumerable.Range(0, Entities).Where(e => expected[e] > 0).Select(async e =>
                (Expected: expected[e], Actual: (await cluster.Client.GetGrain<ISoakCounterGrain>(EntityId(e)).GetSnapshotAsync()).GetState<SoakTally>().Count)));
            Assert.All(snapshots, s => Assert.True(s.Actual <= s.Expected, $"applied {s.Actual} of {s.Expected}: an event was applied twice"));
            return snapshots.All(s => s.Actual == s.Expected);
        }, TimeSpan.FromMinutes(3));
        var highWatermarks = HighWatermarkTotal(broker.BootstrapServers);
        Assert.Equal(produced, highWatermarks);
        await Eventually.Until("the consumer group to commit every offset", async () => await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == highWatermarks, TimeSpan.FromMinutes(2));

        // Bounded growth between the first sample after warm-up and the last.
        Assert.True(samples.Count >= 3, $"only {samples.Count} samples in {mode.Name} mode");
        var (first, last) = (samples[0], samples[^1]);
        output.WriteLine($"growth: managed heap {(last.ManagedHeapBytes - first.ManagedHeapBytes) / 1_048_576.0:F1} MiB, working set {(last.WorkingSetBytes - first.WorkingSetBytes) / 1_048_576.0:F1} MiB, fds {last.Handles - first.Handles}, threads {last.Threads - first.Threads}");
        Assert.InRange(last.ManagedHeapBytes - first.ManagedHeapBytes, long.MinValue, ManagedHeapGrowthBound);
        Assert.InRange(last.WorkingSetBytes - first.WorkingSetBytes, long.MinValue, WorkingSetGrowthBound);
        Assert.InRange(last.Handles - first.Handles, int.MinValue, HandleGrowthBound);
        Assert.InRange(last.Threads - first.Threads, int.MinValue, ThreadGrowthBound);
    }

    private static string EntityId(int entity) => "soak-" + entity.ToString(CultureInfo.InvariantCulture);

    private static long HighWatermarkTotal(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "soak-watermarks-" + Guid.NewGuid() }).Build();
        return Enumerable.Range(0, Partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(SoakTopic.Name, p), TimeSpan.FromSeconds(30)).High.Value);
    }
}
