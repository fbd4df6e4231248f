using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// The append-only state log of one root directory: segment files under <c>{root}/state-log/</c>, an in-memory index of
/// every stored state, one writer thread with group commit (<see cref="StateLogWriter"/>) and background compaction
/// (<see cref="StateLogCompactor"/>).
/// </summary>
/// <remarks>
/// One instance per root directory per process, shared by every provider instance over that directory (an in-process
/// test cluster has several) and reference counted: <see cref="Acquire"/> opens it (scanning the segments) or shares
/// it, <see cref="Release"/> closes it when the last user is done. Records are immutable once written, so reads take
/// no lock: they look the record up in the index and <c>pread</c> it; one whose segment was just deleted by compaction
/// is looked up again.
/// </remarks>
internal sealed class StateLog
{
    /// <summary>The name of the state log directory under the root directory.</summary>
    public const string DirectoryName = "state-log";

    private const int QueueCapacity = 16 * 1024;
    private const int ReadAttempts = 8;

    private static readonly Lock Registry = new();
    private static readonly Dictionary<string, StateLog> Open = new(StringComparer.Ordinal);

    private readonly string _root;
    private readonly ConcurrentDictionary<int, StateLogSegment> _segments = new();
    private readonly Channel<StateLogAppend> _queue;
    private readonly StateLogWriter _writer;
    private readonly StateLogCompactor _compactor;
    private int _users;

    private StateLog(string root, long segmentBytes, ILogger logger)
    {
        _root = root;
        Directory = Path.Combine(root, DirectoryName);
        Index = new StateLogIndex(_segments);
        StateLogSegment? last;
        try
        {
            DurableFile.EnsureDirectory(Directory, flushToDisk: true);
            last = StateLogScanner.Scan(Directory, _segments, Index, Counters, logger);
            if (last is null)
            {
                last = StateLogSegment.Open(Directory, 1, create: true);
                _segments[last.Id] = last;
                StateLogFiles.SyncDirectory(Directory, Counters);
            }
        }
        catch
        {
            foreach (var segment in _segments.Values)
            {
                segment.Dispose();
            }

            throw;
        }

        _queue = Channel.CreateBounded<StateLogAppend>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = true,
        });
        _compactor = new StateLogCompactor(this, logger);
        _writer = new StateLogWriter(Directory, _queue.Reader, _segments, Index, last, segmentBytes, Counters, _compactor.Signal, logger);
        _writer.Start();
        _compactor.Start();
    }

    /// <summary>Gets the full path of the state log directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the index of every stored state.</summary>
    public StateLogIndex Index { get; }

    /// <summary>Gets the counters (syncs, batches, deleted segments).</summary>
    public StateLogCounters Counters { get; } = new();

    /// <summary>Gets the open segments by id.</summary>
    public IReadOnlyDictionary<int, StateLogSegment> Segments => _segments;

    /// <summary>Gets the id of the segment being appended to; lower ids are sealed.</summary>
    public int ActiveSegmentId => _writer.ActiveSegmentId;

    /// <summary>Gets the writer thread.</summary>
    public Thread WriterThread => _writer.Thread;

    /// <summary>Opens the state log of a root directory, or shares the one this process already has open.</summary>
    /// <param name="root">The full path of the root directory; the caller holds its <see cref="RootDirectoryLock"/>.</param>
    /// <param name="segmentBytes">The segment size, used if this call opens the log.</param>
    /// <param name="logger">The logger, used if this call opens the log.</param>
    /// <returns>The log; call <see cref="Release"/> once when done.</returns>
    public static StateLog Acquire(string root, long segmentBytes, ILogger logger)
    {
        lock (Registry)
        {
            if (!Open.TryGetValue(root, out var log))
            {
                log = new StateLog(root, segmentBytes, logger);
                Open.Add(root, log);
            }

            log._users++;
            return log;
        }
    }

    /// <summary>Returns one use of the log; the last one stops compaction, completes every queued append, flushes and closes the files.</summary>
    public void Release()
    {
        lock (Registry)
        {
            if (--_users > 0)
            {
                return;
            }

            Open.Remove(_root);
            _compactor.Dispose();
            _queue.Writer.TryComplete();
            _writer.Join();
            foreach (var segment in _segments.Values)
            {
                segment.Dispose();
            }
        }
    }

    /// <summary>Gets the full path of a segment file.</summary>
    /// <param name="segment">The segment id.</param>
    /// <returns>The path.</returns>
    public string SegmentPath(int segment) => Path.Combine(Directory, StateLogSegment.FileName(segment));

    /// <summary>Queues a record for the writer thread.</summary>
    /// <param name="item">The record.</param>
    /// <param name="owner">Names the store, for the error raised when the log is closed.</param>
    /// <param name="cancellationToken">Cancels the item while it waits for room or in the queue.</param>
    /// <returns>The outcome, once the writer has settled the item.</returns>
    /// <exception cref="ObjectDisposedException">The log is closed.</exception>
    public Task<StateLogAppendResult> AppendAsync(StateLogAppend item, string owner, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(item) ? item.Task : EnqueueSlowlyAsync(item, owner, cancellationToken);

    /// <summary>Reads the newest record of a state.</summary>
    /// <param name="key">The state.</param>
    /// <param name="entry">Its index entry.</param>
    /// <param name="record">
    /// The record's bytes as read for a <see cref="StateLogRecordKind.Document"/> (shorter than the entry's length when
    /// the file was cut short); empty for other kinds.
    /// </param>
    /// <returns><see langword="false"/> when the log holds nothing for the state.</returns>
    public bool TryRead(StateLogKey key, out StateLogEntry entry, out byte[] record)
    {
        for (var attempt = 0; attempt < ReadAttempts; attempt++)
        {
            record = [];
            if (!Index.TryGet(key, out entry))
            {
                return false;
            }

            if (entry.Kind != StateLogRecordKind.Document)
            {
                return true;
            }

            // A missing or closed segment was deleted by compaction after the record moved on: look it up again.
            if (!_segments.TryGetValue(entry.Segment, out var segment))
            {
                continue;
            }

            try
            {
                var buffer = new byte[entry.Length];
                var read = StateLogFiles.ReadFully(segment.Handle, buffer, entry.Offset);
                record = read == buffer.Length ? buffer : buffer[..read];
                return true;
            }
            catch (ObjectDisposedException)
            {
            }
        }

        throw new IOException($"The state log '{Directory}' kept moving the record of {key} while it was being read.");
    }

    /// <summary>Deletes a sealed segment that no index entry points at any more, then syncs the directory.</summary>
    /// <param name="segment">The segment.</param>
    public void DeleteSegment(StateLogSegment segment)
    {
        _segments.TryRemove(segment.Id, out _);
        segment.Dispose();
        File.Delete(segment.Path);
        StateLogFiles.SyncDirectory(Directory, Counters);
        Counters.CountSegmentDeleted();
    }

    private async Task<StateLogAppendResult> EnqueueSlowlyAsync(StateLogAppend item, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            item.Abandon();
            throw new ObjectDisposedException($"{owner} has stopped (it was disposed, or its silo shut down); the write of {item.Key} was not performed.", ex);
        }
        catch (OperationCanceledException)
        {
            item.Abandon();
            throw;
        }

        return await item.Task.ConfigureAwait(false);
    }
}
