using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;
using Reactor.Benchmarks.Streams;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// What a user could write without Reactor: one process, one consumer, a dictionary of states, the same handler and
/// rule, dirty states written to local disk (temporary file, fsync, rename) every flush interval in the background
/// while consumption goes on (one flush at a time), offsets committed once their flush is on disk. No scale-out, no
/// failover, no replay, no dead letters.
/// </summary>
internal static class HandWrittenConsumer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Consumes until <paramref name="events"/> are applied or <paramref name="live"/> is stopped; returns events applied per second.</summary>
    public static double Run(string bootstrapServers, string topic, int events, int partitions, string stateDirectory, TimeSpan flushInterval, HandWrittenLiveProgress? live = null)
    {
        Directory.CreateDirectory(stateDirectory);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "hand-written-baseline", EnableAutoCommit = false }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var states = new Dictionary<string, BenchCounter>(StringComparer.Ordinal);
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        var positions = new Dictionary<TopicPartition, Offset>();
        long fired = 0;
        var first = live is null ? consumer.Consume(TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException("The hand-written consumer read nothing.") : null;
        var clock = Stopwatch.StartNew();
        var lastFlush = clock.Elapsed;
        var applied = 0;
        var flushing = Task.CompletedTask;
        for (var record = first; applied < events && live?.Stop.IsCancellationRequested != true; record = applied < events ? consumer.Consume(TimeSpan.FromMilliseconds(100)) : null)
        {
            if (record is null)
            {
                continue;
            }

            var cloudEvent = JsonSerializer.Deserialize<BenchCloudEvent>(record.Message.Value, Json) ?? throw new InvalidDataException("Not a CloudEvent.");
            var entityId = cloudEvent.Subject ?? record.Message.Key;
            if (!states.TryGetValue(entityId, out var state))
            {
                state = states[entityId] = new BenchCounter();
            }

            var wasLarge = state.Sum > 1_000_000;
            state.Count++;
            state.Sum += cloudEvent.Data.Amount;
            fired += !wasLarge && state.Sum > 1_000_000 ? 1 : 0;
            dirty.Add(entityId);
            positions[record.TopicPartition] = record.Offset + 1;
            applied++;
            if (live is not null && cloudEvent.Time is { } time)
            {
                live.Applied(DateTimeOffset.UtcNow - time);
            }

            if (clock.Elapsed - lastFlush >= flushInterval && flushing.IsCompleted)
            {
                flushing.GetAwaiter().GetResult();
                flushing = StartFlush(consumer, stateDirectory, states, dirty, positions);
                lastFlush = clock.Elapsed;
            }
        }

        // Measured like Reactor's rate: events applied per second while flushes run alongside; the last flush is extra.
        var rate = applied / clock.Elapsed.TotalSeconds;
        flushing.GetAwaiter().GetResult();
        StartFlush(consumer, stateDirectory, states, dirty, positions).GetAwaiter().GetResult();
        GC.KeepAlive(fired);
        return rate;
    }

    private static Task StartFlush(IConsumer<string, byte[]> consumer, string directory, Dictionary<string, BenchCounter> states, HashSet<string> dirty, Dictionary<TopicPartition, Offset> positions)
    {
        // Snapshot on the consuming thread; write and commit in the background.
        var snapshot = dirty.Select(id => (id, Serialize(states[id]))).ToList();
        var offsets = positions.Select(p => new TopicPartitionOffset(p.Key, p.Value)).ToList();
        dirty.Clear();
        return Task.Run(() =>
        {
            Parallel.ForEach(snapshot, new ParallelOptions { MaxDegreeOfParallelism = 16 }, item => WriteState(directory, item.id, item.Item2));
            if (offsets.Count > 0)
            {
                consumer.Commit(offsets);
            }
        });
    }

    /// <summary>Writes one entity's state as a user would: a temporary file, fsync, rename over the old one.</summary>
    public static void WriteState(string directory, string entityId, byte[] state)
    {
        var path = Path.Combine(directory, entityId + ".json");
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(state);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Serializes a state as the hand-written consumer does.</summary>
    public static byte[] Serialize(BenchCounter state) => JsonSerializer.SerializeToUtf8Bytes(state, Json);

    private sealed record BenchCloudEvent(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("time")] DateTimeOffset? Time,
        [property: JsonPropertyName("data")] BenchAdded Data);
}
