using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Reactor.DevBroker.Storage;

/// <summary>
/// Writes the batches partitions have appended in memory to their segment files, on one background thread, in
/// append order and coalesced into as few writes as have accumulated.
/// </summary>
/// <remarks>
/// Appends are acknowledged once they are in the partition's memory; Fetch serves them from there until they are
/// written. A partition that gets too far ahead of the writer (<see cref="MaxPendingBytesPerPartition"/>, or
/// <see cref="MaxPendingBytes"/> over all partitions) writes its own data on the appending thread, which slows
/// producers to the speed of the file system instead of growing memory without bound.
/// </remarks>
internal sealed class LogWriter : IDisposable
{
    /// <summary>The most unwritten bytes one partition holds before its appends write inline.</summary>
    public const long MaxPendingBytesPerPartition = 32L * 1024 * 1024;

    /// <summary>The most unwritten bytes all partitions together hold before appends write inline.</summary>
    public const long MaxPendingBytes = 256L * 1024 * 1024;

    private readonly ConcurrentQueue<PartitionLog> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private long _pendingBytes;
    private volatile bool _stopping;
    private bool _started;

    /// <summary>Creates the writer; nothing is written until <see cref="Start"/>.</summary>
    public LogWriter(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "DevBroker log writer" };
    }

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
        _queue.Enqueue(log);
        _signal.Release();
    }

    /// <summary>Adds to (or, negative, subtracts from) <see cref="PendingBytes"/>.</summary>
    public void AddPending(long bytes) => Interlocked.Add(ref _pendingBytes, bytes);

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

            if (_stopping)
            {
                return;
            }
        }
    }
}
