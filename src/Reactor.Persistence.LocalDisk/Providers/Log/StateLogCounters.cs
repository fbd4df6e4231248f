namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>Counts what the state log did, for tests and diagnostics.</summary>
internal sealed class StateLogCounters
{
    private long _syncs;
    private long _batches;
    private long _segmentsDeleted;

    /// <summary>Gets the number of <c>fdatasync</c>s and directory <c>fsync</c>s.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Gets the number of batches the writer thread appended.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Gets the number of segments compaction deleted.</summary>
    public long SegmentsDeleted => Interlocked.Read(ref _segmentsDeleted);

    /// <summary>Counts a sync.</summary>
    public void CountSync() => Interlocked.Increment(ref _syncs);

    /// <summary>Counts a batch.</summary>
    public void CountBatch() => Interlocked.Increment(ref _batches);

    /// <summary>Counts a deleted segment.</summary>
    public void CountSegmentDeleted() => Interlocked.Increment(ref _segmentsDeleted);
}
