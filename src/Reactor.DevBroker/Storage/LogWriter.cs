using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Reactor.DevBroker.Storage;

/// <summary>
/// Writes the batches partitions have appended in memory to their segment files, on one background thread, in
/// append order and coalesced into as few writes as have accumulated.
/// </summary>
/// <remarks>
/// <para>
/// Appends are acknowledged once they are in the partition's memory; Fetch serves them from there until they are
/// written. A partition that gets too far ahead of the writer (<see cref="MaxPendingBytesPerPartition"/>, or
/// <see cref="MaxPendingBytes"/> over all partitions) writes its own data on the appending thread, which slows
/// producers to the speed of the file system instead of growing memory without bound.
/// </para>
/// <para>
/// The broker also keeps its footprint in the OS page cache bounded: once more than <see cref="PageCacheBudget"/>
/// bytes have been written since the oldest range still cached, the oldest written ranges are synced and dropped
/// (Linux only), so new writes reuse the pages of old ones instead of claiming fresh memory, and consumers of the
/// recent data still read it from memory. Data older than the budget is read from the device.
/// </para>
/// </remarks>
internal sealed class LogWriter : IDisposable
{
    /// <summary>The most unwritten bytes one partition holds before its appends write inline.</summary>
    public const long MaxPendingBytesPerPartition = 32L * 1024 * 1024;

    /// <summary>The most unwritten bytes all partitions together hold before appends write inline.</summary>
    public const long MaxPendingBytes = 256L * 1024 * 1024;

    /// <summary>The default of <see cref="PageCacheBudget"/>: the most recently written bytes, over all partitions, left in the OS page cache.</summary>
    public const long DefaultPageCacheBudget = 256L * 1024 * 1024;

    private readonly ConcurrentQueue<PartitionLog> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Lock _cachedLock = new();
    private readonly Queue<CachedRange> _cached = new();
    private CachedRange? _newest;
    private long _cachedBytes;
    private long _pendingBytes;
    private volatile bool _stopping;
    private bool _started;

    /// <summary>Creates the writer; nothing is written until <see cref="Start"/>.</summary>
    /// <param name="logger">Logs failed writes.</param>
    /// <param name="pageCacheBudget">The most recently written bytes left in the OS page cache.</param>
    public LogWriter(ILogger logger, long pageCacheBudget = DefaultPageCacheBudget)
    {
        _logger = logger;
        PageCacheBudget = pageCacheBudget;
        _thread = new Thread(Run) { IsBackground = true, Name = "DevBroker log writer" };
    }

    /// <summary>Gets the most recently written bytes, over all partitions, left in the OS page cache.</summary>
    public long PageCacheBudget { get; }

    /// <summary>Gets the number of appended bytes not yet written, over all partitions.</summary>
    public long PendingBytes => Volatile.Read(ref _pendingBytes);

    /// <summary>Starts the background thread.</summary>
    public void Start()
    {
        _started = true;
        _thread.Start();
    }

    /// <summary>Queues a partition whose appended data is to be written.</summary>
    public void Schedule(PartitionLog log)
    {
        if (_stopping)
        {
            // Stopping: each partition writes what it still holds when it is disposed.
            return;
        }

        _queue.Enqueue(log);
        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile; as above.
        }
    }

    /// <summary>Adds to (or, negative, subtracts from) <see cref="PendingBytes"/>.</summary>
    public void AddPending(long bytes) => Interlocked.Add(ref _pendingBytes, bytes);

    /// <summary>Gets the number of written bytes still counted as in the OS page cache.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_cachedLock)
            {
                return _cachedBytes;
            }
        }
    }

    /// <summary>Records that [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="segment"/> was written to its file.</summary>
    public void Written(LogSegment segment, long start, long end)
    {
        if (!PageCache.IsSupported)
        {
            return;
        }

        lock (_cachedLock)
        {
            _cachedBytes += end - start;
            if (_newest is not null && _newest.Segment == segment && _newest.End == start)
            {
                // Extending the newest range (still queued) keeps the queue short.
                _newest.End = end;
                return;
            }

            _newest = new CachedRange(segment, start, end);
            _cached.Enqueue(_newest);
        }
    }

    /// <summary>Syncs and drops the oldest written ranges from the page cache while more than <see cref="PageCacheBudget"/> is cached.</summary>
    public void TrimPageCache()
    {
        List<CachedRange> drop;
        lock (_cachedLock)
        {
            if (_cachedBytes <= PageCacheBudget)
            {
                return;
            }

            drop = [];
            // Trim to three quarters of the budget, so trims (and the syncs they may need) come in batches.
            while (_cachedBytes > PageCacheBudget / 4 * 3 && _cached.TryDequeue(out var oldest))
            {
                _cachedBytes -= oldest.End - oldest.Start;
                drop.Add(oldest);
                if (oldest == _newest)
                {
                    _newest = null;
                }
            }
        }

        foreach (var range in drop)
        {
            range.Segment.DropFromCache(range.Start, range.End);
        }
    }

    /// <summary>Stops the thread after it has written everything queued; partitions write the rest when disposed.</summary>
    public void Dispose()
    {
        if (_started && !_stopping)
        {
            _stopping = true;
            _signal.Release();
            _thread.Join();
        }

        _signal.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _signal.Wait();
            while (_queue.TryDequeue(out var log))
            {
                try
                {
                    log.WritePending();
                }
#pragma warning disable CA1031 // A failed write (disk full, say) must not end the writer; the data stays in memory and is retried.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    BrokerLog.SegmentWriteFailed(_logger, log.Topic, log.Partition, ex);
                }
            }

            try
            {
                TrimPageCache();
            }
#pragma warning disable CA1031 // Trimming the cache is an optimisation; a failed sync shows up again at the next flush.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                BrokerLog.MaintenanceFailed(_logger, ex);
            }

            if (_stopping)
            {
                return;
            }
        }
    }

    /// <summary>A written range of a segment file, counted as in the page cache until dropped.</summary>
    private sealed class CachedRange(LogSegment segment, long start, long end)
    {
        public LogSegment Segment { get; } = segment;

        public long Start { get; } = start;

        public long End { get; set; } = end;
    }
}
