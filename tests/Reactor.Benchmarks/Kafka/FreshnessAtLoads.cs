using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Reactor.Benchmarks.Streams;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Event-to-decision freshness (event time to the end of its rule evaluation) at fractions of a measured maximum rate:
/// events stamped when produced at a steady rate, for Reactor and for the hand-written consumer at the same rates.
/// </summary>
internal static class FreshnessAtLoads
{
    public const string EventType = "bench.added";

    /// <summary>The percent loads from <c>--loads 25,50,80</c>.</summary>
    public static int[] Loads(string[] args) => ScenarioArguments.IntList(args, "--loads", [25, 50, 80]);

    /// <summary>Produces at <paramref name="rate"/> for <paramref name="seconds"/>, waits until <paramref name="applied"/> reaches what was sent, and reads the interval.</summary>
    public static async Task<LoadFreshness> MeasureAsync(string bootstrapServers, string topic, int rate, int seconds, int entities, long alreadyApplied, Func<long> applied, LatencyHistogram histogram)
    {
        histogram.TakeInterval();
        GcPauses.TakeInterval();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = ProduceAtRate(bootstrapServers, topic, rate, seconds, entities, alreadyApplied);
        var deadline = Stopwatch.StartNew();
        while (applied() < alreadyApplied + sent && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(5);
        }

        var cpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, sent);
        return new LoadFreshness(rate, sent, histogram.TakeInterval(), GcPauses.TakeInterval(), cpuPerEvent);
    }

    /// <summary>Gets the process's GC pauses, reported with each load's latencies and with the steady-state rate.</summary>
    internal static GcPauseListener GcPauses { get; } = new();

    // Event ids continue from what the topic already holds: Reactor skips an event id an entity has seen.
    private static int ProduceAtRate(string bootstrapServers, string topic, int rate, int seconds, int entities, long firstId)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var id = firstId + sent;
                var key = (id % entities).ToString(CultureInfo.InvariantCulture);
                var json = CloudEventJson.Encode(id.ToString(CultureInfo.InvariantCulture), "/bench", EventType, key, DateTimeOffset.UtcNow, BenchAdded.One);
                // The encoder returns a buffer of its own, exactly sized: no second copy per event.
                var value = MemoryMarshal.TryGetArray(json, out var whole) && whole.Count == whole.Array!.Length ? whole.Array : json.ToArray();
                ProduceWaitingForRoom(producer, topic, new Message<string, byte[]> { Key = key, Value = value });
            }

            Thread.Sleep(10);
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        return sent;
    }

    // When the broker falls behind the offered rate for longer than the producer's queue holds (it did once, on a
    // machine writing 10,000 state files at the same time), wait for deliveries instead of failing the run.
    internal static void ProduceWaitingForRoom(IProducer<string, byte[]> producer, string topic, Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}

/// <summary>Freshness measured at one offered rate, and the process's CPU per event sent (producer and broker included).</summary>
internal sealed record LoadFreshness(int Rate, int Sent, LatencySummary Latencies, GcPauses Pauses, double CpuMicrosecondsPerEvent)
{
    public string Cpu => string.Create(CultureInfo.InvariantCulture, $"process CPU {CpuMicrosecondsPerEvent:F1} µs/event (producer and broker included)");

    public string Percentiles => string.Create(
        CultureInfo.InvariantCulture,
        $"{Ms(0.5)} / {Ms(0.99)} / {Ms(0.999)}");

    public double P99Ms => Latencies.Percentile(0.99)?.TotalMilliseconds ?? double.NaN;

    private string Ms(double quantile) => Latencies.Percentile(quantile)?.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) ?? "-";
}
