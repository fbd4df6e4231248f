namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Spreads a checkpoint's entity requests over part of the checkpoint interval. Each request makes the entity start a
/// write (serialize its state, hand it to storage); asking all of a partition's entities at once is a burst of grain
/// calls and serialization that the partition's deliveries queue behind, which shows up as the freshness tail.
/// </summary>
internal readonly record struct CheckpointPacing(int GroupSize, TimeSpan Gap)
{
    /// <summary>The shortest pause between two groups: closer than that, spreading buys nothing over one burst.</summary>
    internal static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(20);

    /// <summary>Plans <paramref name="count"/> requests in groups of at most <paramref name="maxConcurrent"/>, started evenly over <paramref name="budget"/>.</summary>
    public static CheckpointPacing Plan(int count, int maxConcurrent, TimeSpan budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        if (count <= 1 || budget < MinimumGap * 2)
        {
            return new CheckpointPacing(maxConcurrent, TimeSpan.Zero);
        }

        var groups = Math.Min(count, (int)(budget / MinimumGap));
        var groupSize = Math.Min(maxConcurrent, (count + groups - 1) / groups);
        groups = (count + groupSize - 1) / groupSize;
        return new CheckpointPacing(groupSize, groups > 1 ? budget / groups : TimeSpan.Zero);
    }

    /// <summary>Gets when group <paramref name="index"/> starts, counted from the checkpoint's start.</summary>
    public TimeSpan StartOf(int index) => Gap * index;
}
