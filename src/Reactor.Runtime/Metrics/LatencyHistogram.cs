namespace Reactor.Runtime.Metrics;

/// <summary>
/// Counts latencies in logarithmic buckets (about 5 % wide) so percentiles can be read cheaply and without
/// keeping samples. Thread-safe; recording is one interlocked increment.
/// </summary>
public sealed class LatencyHistogram
{
    private const double BucketsPerE = 20.5;
    private const int BucketCount = 440;
    private readonly long[] _total = new long[BucketCount];
    private long[] _buckets = new long[BucketCount];

    /// <summary>Records one latency; negative values count as zero.</summary>
    /// <param name="latency">The latency.</param>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1.0, latency.Ticks / 10.0);
        var index = Math.Min(BucketCount - 1, (int)(Math.Log(micros) * BucketsPerE));
        Interlocked.Increment(ref Volatile.Read(ref _buckets)[index]);
        Interlocked.Increment(ref _total[index]);
    }

    /// <summary>Returns every latency recorded so far, without starting a new interval (readers diff two of these).</summary>
    /// <returns>The latencies since the histogram was created.</returns>
    public LatencySummary Cumulative() => new([.. _total.Select((_, i) => Interlocked.Read(ref _total[i]))]);

    /// <summary>Returns the latencies recorded since the previous call and starts a new interval.</summary>
    /// <returns>The interval's latencies.</returns>
    public LatencySummary TakeInterval()
    {
        var taken = Interlocked.Exchange(ref _buckets, new long[BucketCount]);
        return new LatencySummary(taken);
    }

    /// <summary>Gets the upper bound of a bucket, as a latency.</summary>
    internal static TimeSpan UpperBound(int index) => TimeSpan.FromTicks((long)(Math.Exp((index + 1) / BucketsPerE) * 10));
}
