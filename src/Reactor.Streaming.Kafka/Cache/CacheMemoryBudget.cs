namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Shares one silo's cache memory budget of a stream provider (<c>KafkaQueueCacheOptions.MaxCachedBytes</c>) equally
/// among the partitions the silo reads at the moment: a silo with few partitions gives each a large cache (more of an
/// entity's events per grain call when draining a backlog), one with many keeps the total bounded.
/// </summary>
/// <remarks>
/// A receiver joins when the pulling agent creates it and leaves when the agent shuts it down (partition handed over,
/// silo stopping). A partition whose share shrinks because another joined stops reading until deliveries bring its cache
/// under the new share; nothing is dropped.
/// </remarks>
internal sealed class CacheMemoryBudget
{
    private int _partitions;

    /// <summary>Initializes a new instance of the <see cref="CacheMemoryBudget"/> class.</summary>
    /// <param name="maxBytes">The bytes the caches of all partitions may hold together.</param>
    public CacheMemoryBudget(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        MaxBytes = maxBytes;
    }

    /// <summary>Gets the bytes the caches of all partitions may hold together.</summary>
    public long MaxBytes { get; }

    /// <summary>Gets the number of partitions sharing the budget.</summary>
    public int Partitions => Volatile.Read(ref _partitions);

    /// <summary>Gets the bytes one partition's cache may hold: the budget over the partitions sharing it (all of it when none has joined).</summary>
    public long PartitionShare => MaxBytes / Math.Max(1, Partitions);

    /// <summary>Adds a partition to those sharing the budget until the returned lease is disposed.</summary>
    /// <returns>The lease; disposing it more than once leaves only once.</returns>
    public IDisposable Join()
    {
        Interlocked.Increment(ref _partitions);
        return new Lease(this);
    }

    private sealed class Lease(CacheMemoryBudget budget) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                Interlocked.Decrement(ref budget._partitions);
            }
        }
    }
}
