using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Records, per 100 ms of wall time, the worst freshness and how many events and Kafka commits fell in it, from Reactor's
/// own meters, so the moments of a latency tail can be read next to what the silo was doing then.
/// </summary>
internal sealed class FreshnessTimeline : IDisposable
{
    private const double BucketMs = 100;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Bucket> _buckets = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public FreshnessTimeline()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Reactor.Runtime.Metrics.ReactorMetrics.MeterName
                && instrument.Name is "reactor.event.freshness" or "reactor.kafka.commits")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => RecordFreshness(value));
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => RecordCommits(value));
        _listener.Start();
    }

    /// <summary>Lists the buckets of the last <paramref name="window"/> around the worst one, and empties the record.</summary>
    public string TakeAroundWorst(TimeSpan window)
    {
        lock (_lock)
        {
            var from = (long)((_clock.Elapsed - window).TotalMilliseconds / BucketMs);
            var recent = _buckets.Where(b => b.Key >= from).OrderBy(b => b.Key).ToList();
            _buckets.Clear();
            if (recent.Count == 0)
            {
                return "no events";
            }

            var worst = recent.MaxBy(b => b.Value.WorstMs);
            var around = recent.Where(b => Math.Abs(b.Key - worst.Key) <= 15);
            return "worst freshness per 100 ms around the worst (ms, events, commits): " + string.Join(" | ", around.Select(b => string.Create(
                CultureInfo.InvariantCulture,
                $"{(b.Key - worst.Key) * BucketMs:+0;-0;0}: {b.Value.WorstMs:F0}, {b.Value.Events}, {b.Value.Commits}")));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void RecordFreshness(double ms)
    {
        lock (_lock)
        {
            var bucket = CurrentBucket();
            bucket.Events++;
            bucket.WorstMs = Math.Max(bucket.WorstMs, ms);
        }
    }

    private void RecordCommits(long commits)
    {
        lock (_lock)
        {
            CurrentBucket().Commits += commits;
        }
    }

    // Called under the lock.
    private Bucket CurrentBucket()
    {
        var key = (long)(_clock.Elapsed.TotalMilliseconds / BucketMs);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = new Bucket();
        }

        return bucket;
    }

    private sealed class Bucket
    {
        public double WorstMs { get; set; }

        public long Events { get; set; }

        public long Commits { get; set; }
    }
}
