using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Confluent.Kafka;
using Reactor.Benchmarks.Streams;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// The peer: the same scenario on Akka.NET cluster sharding (one node). The same Confluent.Kafka consumer loop decodes
/// each event and tells the entity's sharded actor; each actor applies the same handler and rule and writes its state
/// to local disk (temporary file, fsync, rename) on the same flush interval when it changed. Offsets are not committed
/// (which favours the peer: it does less than Reactor). The feeding loop keeps at most <see cref="MaxInFlight"/> events
/// told but not yet applied, the backpressure any real deployment needs (Reactor's cache bounds it the same way).
/// </summary>
internal static class AkkaShardingPeer
{
    private const int MaxInFlight = 8_192;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(double ColdRate, double SteadyRate)> RunAsync(string bootstrapServers, string topic, int events, int entities, int partitions, string stateDirectory, TimeSpan flushInterval)
    {
        Directory.CreateDirectory(stateDirectory);
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.sharding.state-store-mode = ddata
            """);
        using var system = ActorSystem.Create("akka-peer", config);
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(cluster.SelfAddress);
        var progress = new PeerProgress();
        var region = await ClusterSharding.Get(system).StartAsync(
            "counter",
            entityId => Props.Create(() => new CounterActor(entityId, stateDirectory, flushInterval, progress)),
            ClusterShardingSettings.Create(system),
            HashCodeMessageExtractor.Create(100, message => ((Apply)message).EntityId, message => message));

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "akka-peer", EnableAutoCommit = false }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var clock = Stopwatch.StartNew();
        var feeding = Task.Run(() =>
        {
            for (var sent = 0; sent < events;)
            {
                while (sent - Volatile.Read(ref progress.Applied) >= MaxInFlight)
                {
                    Thread.Yield();
                }

                if (consumer.Consume(TimeSpan.FromSeconds(30)) is not { } record)
                {
                    continue;
                }

                var cloudEvent = JsonSerializer.Deserialize<PeerCloudEvent>(record.Message.Value, Json) ?? throw new InvalidDataException("Not a CloudEvent.");
                region.Tell(new Apply(cloudEvent.Subject ?? record.Message.Key, cloudEvent.Data.Amount));
                sent++;
            }
        });

        while (Volatile.Read(ref progress.Started) < entities)
        {
            await Task.Delay(5);
        }

        var warm = clock.Elapsed;
        var appliedAtWarm = Volatile.Read(ref progress.Applied);
        while (Volatile.Read(ref progress.Applied) < events)
        {
            await Task.Delay(5);
        }

        var elapsed = clock.Elapsed;
        await feeding;
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        return (events / elapsed.TotalSeconds, (events - appliedAtWarm) / (elapsed - warm).TotalSeconds);
    }

    private sealed record Apply(string EntityId, int Amount);

    private sealed record PeerCloudEvent(string? Subject, BenchAdded Data);

    private sealed class PeerProgress
    {
        public long Applied;
        public int Started;
    }

    private sealed class CounterActor : ReceiveActor, IWithTimers
    {
        private readonly string _path;
        private readonly BenchCounter _state = new();
        private bool _dirty;
        private bool _writing;

        public CounterActor(string entityId, string directory, TimeSpan flushInterval, PeerProgress progress)
        {
            _path = Path.Combine(directory, entityId + ".json");
            Interlocked.Increment(ref progress.Started);
            Receive<Apply>(apply =>
            {
                var wasLarge = _state.Sum > 1_000_000;
                _state.Count++;
                _state.Sum += apply.Amount;
                _ = !wasLarge && _state.Sum > 1_000_000;
                _dirty = true;
                Interlocked.Increment(ref progress.Applied);
            });
            Receive<Flush>(_ =>
            {
                if (!_dirty || _writing)
                {
                    return;
                }

                _dirty = false;
                _writing = true;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(_state, Json);
                Write(_path, bytes).PipeTo(Self, success: () => Written.Instance);
            });
            Receive<Written>(_ => _writing = false);
            Receive<Status.Failure>(_ => _writing = false);
            Timers.StartPeriodicTimer("flush", Flush.Instance, flushInterval);
        }

        public ITimerScheduler Timers { get; set; } = null!;

        private static Task Write(string path, byte[] bytes) => Task.Run(() =>
        {
            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        });

        private sealed class Flush
        {
            public static readonly Flush Instance = new();
        }

        private sealed class Written
        {
            public static readonly Written Instance = new();
        }
    }
}
