namespace Reactor.Runtime.Metrics;

/// <summary>Holds the bucket counts of one interval of a <see cref="LatencyHistogram"/> and reads percentiles from them.</summary>
public sealed class LatencySummary
{
    private readonly long[] _buckets;

    internal LatencySummary(long[] buckets)
    {
        _buckets = buckets;
        Count = buckets.Sum();
    }

    /// <summary>Returns the latencies recorded after <paramref name="earlier"/> (both from <see cref="LatencyHistogram.Cumulative"/>).</summary>
    /// <param name="earlier">An earlier cumulative summary of the same histogram.</param>
    /// <returns>The difference.</returns>
    public LatencySummary Since(LatencySummary earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new LatencySummary([.. _buckets.Select((count, i) => Math.Max(0, count - earlier._buckets[i]))]);
    }

    /// <summary>Gets the number of latencies recorded.</summary>
    public long Count { get; }

    /// <summary>Gets the latency below which the given fraction of recorded latencies fall (bucket upper bound).</summary>
    /// <param name="quantile">The fraction, between 0 and 1, for example 0.99.</param>
    /// <returns>The latency, or <see langword="null"/> when nothing was recorded.</returns>
    public TimeSpan? Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank && seen > 0)
            {
                return LatencyHistogram.UpperBound(i);
            }
        }

        return LatencyHistogram.UpperBound(_buckets.Length - 1);
    }
}
