using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// The state log's only writer: a dedicated thread that takes every queued <see cref="StateLogAppend"/> (up to
/// <see cref="MaxBatchRecords"/> records or <see cref="MaxBatchBytes"/> bytes), checks each against the index, appends
/// the accepted ones to the active segment in one write, flushes once if any of them asked for it, updates the index
/// and then completes their tasks. N concurrent grain writes therefore cost one <c>fdatasync</c>.
/// </summary>
/// <remarks>
/// ETag checks happen here, in queue order, against the index plus the records accepted earlier in the same batch, so
/// of two writers holding the same ETag exactly one wins without any per-grain lock. A compaction copy is accepted only
/// if the index still points at its source, so a grain write queued before it (in an earlier batch or earlier in the
/// same batch) always wins; one queued after it lands later in the log and wins on replay too.
/// </remarks>
internal sealed partial class StateLogWriter
{
    /// <summary>The most records appended per batch.</summary>
    public const int MaxBatchRecords = 4096;

    /// <summary>The most bytes appended per batch (a single larger record makes a batch of its own).</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    private readonly string _directory;
    private readonly ChannelReader<StateLogAppend> _queue;
    private readonly ConcurrentDictionary<int, StateLogSegment> _segments;
    private readonly StateLogIndex _index;
    private readonly long _segmentBytes;
    private readonly StateLogCounters _counters;
    private readonly Action _rolled;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly List<StateLogAppend> _batch = [];
    private readonly Dictionary<StateLogKey, StateLogEntry?> _staged = [];
    private readonly List<(StateLogAppend Item, StateLogEntry? Entry)> _accepted = [];
    private StateLogSegment _active;
    private byte[] _buffer = new byte[64 * 1024];
    private int _buffered;
    private bool _unsynced;

    /// <summary>Initializes a new instance of the <see cref="StateLogWriter"/> class; <see cref="Start"/> starts its thread.</summary>
    /// <param name="directory">The state log directory.</param>
    /// <param name="queue">The queued records.</param>
    /// <param name="segments">The open segments; new ones are added here.</param>
    /// <param name="index">The index to update.</param>
    /// <param name="active">The segment to append to.</param>
    /// <param name="segmentBytes">The size at which a new segment is started.</param>
    /// <param name="counters">Counts syncs and batches.</param>
    /// <param name="rolled">Called (on the writer thread) after a new segment was started.</param>
    /// <param name="logger">The logger.</param>
    public StateLogWriter(string directory, ChannelReader<StateLogAppend> queue, ConcurrentDictionary<int, StateLogSegment> segments, StateLogIndex index, StateLogSegment active, long segmentBytes, StateLogCounters counters, Action rolled, ILogger logger)
    {
        _directory = directory;
        _queue = queue;
        _segments = segments;
        _index = index;
        _active = active;
        _segmentBytes = segmentBytes;
        _counters = counters;
        _rolled = rolled;
        _logger = logger;
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = $"State log writer {directory}" };
    }

    /// <summary>Gets the writer thread.</summary>
    public Thread Thread => _thread;

    /// <summary>Gets the id of the segment being appended to; every lower id is sealed.</summary>
    public int ActiveSegmentId => Volatile.Read(ref _active).Id;

    /// <summary>Starts the thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Waits until the queue has been completed and drained, the last appends flushed, and the thread has exited.</summary>
    public void Join()
    {
        if (_thread != Thread.CurrentThread)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        try
        {
            while (WaitForWork())
            {
                var bytes = 0L;
                while (_batch.Count < MaxBatchRecords && bytes < MaxBatchBytes && _queue.TryRead(out var item))
                {
                    _batch.Add(item);
                    bytes += item.Length;
                }

                AppendBatch();
                _batch.Clear();
            }
        }
        finally
        {
            try
            {
                // Closing syncs whatever is still unflushed, whatever FlushToDisk says.
                if (_unsynced)
                {
                    StateLogFiles.Sync(_active, _counters);
                }
            }
            catch (IOException ex)
            {
                LogFinalSyncFailed(_active.Path, ex);
            }
        }
    }

    private bool WaitForWork() =>
        _queue.TryPeek(out _) || _queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    private void AppendBatch()
    {
        _staged.Clear();
        _accepted.Clear();
        var flush = false;
        try
        {
            foreach (var item in _batch)
            {
                if (item.TryStart() && Accept(item))
                {
                    flush |= item.FlushToDisk;
                }
            }

            WriteBuffered();
            if (flush)
            {
                StateLogFiles.Sync(_active, _counters);
                _unsynced = false;
            }
        }
        catch (Exception ex)
        {
            _buffered = 0;
            LogAppendFailed(_active.Path, _batch.Count, ex);

            // Items settled before the failure keep their outcome; the accepted ones and any not yet looked at fail.
            foreach (var item in _batch)
            {
                item.Fail(ex);
            }

            return;
        }

        _counters.CountBatch();
        foreach (var (item, entry) in _accepted)
        {
            if (entry is { } e)
            {
                _index.Set(item.Key, e);
            }
            else
            {
                _index.Remove(item.Key);
            }
        }

        foreach (var (item, _) in _accepted)
        {
            item.Complete(new StateLogAppendResult(StateLogAppendOutcome.Done, null));
        }
    }

    /// <summary>Checks one item against the index and the batch so far; stages its record if it is accepted.</summary>
    private bool Accept(StateLogAppend item)
    {
        StateLogEntry? current = _staged.TryGetValue(item.Key, out var staged) ? staged : _index.TryGet(item.Key, out var indexed) ? indexed : null;
        if (item.Kind == StateLogAppendKind.Write)
        {
            if (current is { Kind: StateLogRecordKind.Damaged })
            {
                item.Complete(new StateLogAppendResult(StateLogAppendOutcome.Damaged, current));
                return false;
            }

            if (!string.Equals(current?.StoredETag, item.ExpectedETag, StringComparison.Ordinal))
            {
                item.Complete(new StateLogAppendResult(StateLogAppendOutcome.Stale, current));
                return false;
            }

            if (item.RecordKind == StateLogRecordKind.Tombstone && current is not { Kind: StateLogRecordKind.Document })
            {
                // Deleting what is not stored needs no record.
                item.Complete(new StateLogAppendResult(StateLogAppendOutcome.Done, null));
                return false;
            }
        }
        else if (current is not { } c || !c.IsAt(item.Source!.Value.Segment, item.Source.Value.Offset))
        {
            item.Complete(new StateLogAppendResult(StateLogAppendOutcome.Superseded, null));
            return false;
        }

        if (item.Kind == StateLogAppendKind.Forget)
        {
            _staged[item.Key] = null;
            _accepted.Add((item, null));
            return true;
        }

        byte[] record;
        try
        {
            record = item.TakeRecord();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A write encoded here fails alone, as it would have failed its caller before it was queued.
            item.Fail(ex);
            return false;
        }

        var entry = Stage(record, item.RecordKind, item.ETag);
        _staged[item.Key] = entry;
        _accepted.Add((item, entry));
        return true;
    }

    private StateLogEntry Stage(byte[] record, StateLogRecordKind kind, string? etag)
    {
        var end = _active.Length + _buffered;
        if (end > 0 && end + record.Length > _segmentBytes)
        {
            Roll();
        }

        if (_buffer.Length - _buffered < record.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _buffered + record.Length));
        }

        var offset = _active.Length + _buffered;
        record.CopyTo(_buffer, _buffered);
        _buffered += record.Length;
        return new StateLogEntry(_active.Id, offset, record.Length, kind, etag);
    }

    private void WriteBuffered()
    {
        if (_buffered == 0)
        {
            return;
        }

        RandomAccess.Write(_active.Handle, _buffer.AsSpan(0, _buffered), _active.Length);
        _active.Length += _buffered;
        _buffered = 0;
        _unsynced = true;
    }

    /// <summary>Seals the active segment (written and synced whatever FlushToDisk says, so only the last segment can ever be torn) and starts the next.</summary>
    private void Roll()
    {
        WriteBuffered();
        StateLogFiles.Sync(_active, _counters);
        _unsynced = false;
        var next = StateLogSegment.Open(_directory, _active.Id + 1, create: true);
        _segments[next.Id] = next;
        StateLogFiles.SyncDirectory(_directory, _counters);
        Volatile.Write(ref _active, next);
        LogRolled(next.Path);
        _rolled();
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "State log: started segment {Path}")]
    private partial void LogRolled(string path);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "State log: appending a batch of {Count} records to {Path} failed; its writes fail")]
    private partial void LogAppendFailed(string path, int count, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "State log: the final flush of {Path} failed")]
    private partial void LogFinalSyncFailed(string path, Exception exception);
}
