using Reactor.Runtime.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>What a hand-written consumer running live reports: events applied and their freshness (event time to rule evaluated).</summary>
internal sealed class HandWrittenLiveProgress
{
    private long _applied;

    public LatencyHistogram Freshness { get; } = new();

    public long AppliedCount => Interlocked.Read(ref _applied);

    public CancellationToken Stop { get; init; }

    public void Applied(TimeSpan freshness)
    {
        Freshness.Record(freshness);
        Interlocked.Increment(ref _applied);
    }
}
