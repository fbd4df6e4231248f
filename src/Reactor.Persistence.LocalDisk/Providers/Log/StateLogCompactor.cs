using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// Reclaims sealed segments in the background: once fewer than half of a segment's bytes are the newest record of some
/// state, its live records are appended again through the writer (group-committed and flushed) and the segment is
/// deleted. Runs after each roll of the active segment and once at start-up.
/// </summary>
/// <remarks>
/// <para>
/// Copies go through the writer's queue like grain writes, a bounded chunk at a time, so grain writes queued meanwhile
/// wait for at most one chunk. The writer accepts a copy only if the index still points at the copied record, so a
/// grain write racing the copy always wins (see <see cref="StateLogWriter"/>).
/// </para>
/// <para>
/// A tombstone must outlive every older record of its state, or a restart would bring that record back. A live
/// tombstone is therefore copied forward while any older segment exists and only forgotten once none does. Segments
/// with damaged records are never compacted, so the damage stays on disk for inspection.
/// </para>
/// </remarks>
internal sealed partial class StateLogCompactor : IDisposable
{
    private const int ChunkRecords = 512;
    private const int ChunkBytes = 1024 * 1024;

    private readonly StateLog _log;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Initializes a new instance of the <see cref="StateLogCompactor"/> class.</summary>
    /// <param name="log">The log to compact.</param>
    /// <param name="logger">The logger.</param>
    public StateLogCompactor(StateLog log, ILogger logger)
    {
        _log = log;
        _logger = logger;
    }

    /// <summary>Starts the background loop and runs a first pass.</summary>
    public void Start()
    {
        _loop = Task.Run(RunAsync);
        Signal();
    }

    /// <summary>Asks for a pass (after a roll); passes asked for while one runs collapse into one more.</summary>
    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Stops the loop, waiting for the pass under way to finish its current chunk.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _signal.Writer.TryComplete();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopping is the point.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (await _signal.Reader.WaitToReadAsync(token).ConfigureAwait(false))
        {
            _signal.Reader.TryRead(out _);
            try
            {
                await CompactAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next roll retries; nothing was deleted that still held a live record.
                LogFailed(_log.Directory, ex);
            }
        }
    }

    private async Task CompactAsync(CancellationToken token)
    {
        var candidates = _log.Segments.Values
            .Where(s => s.Id < _log.ActiveSegmentId && !s.IsDamaged && s.LiveBytes * 2 < s.Length)
            .OrderBy(s => s.Id)
            .ToList();
        foreach (var segment in candidates)
        {
            token.ThrowIfCancellationRequested();
            var (copied, bytes) = segment.LiveBytes > 0 ? await MoveLiveRecordsAsync(segment, token).ConfigureAwait(false) : (0, 0L);
            if (segment.LiveBytes != 0)
            {
                // Only a damaged live record can stay behind; keep the segment for inspection and stop retrying it.
                segment.IsDamaged = true;
                LogNotEmptied(segment.Path, segment.LiveBytes);
                continue;
            }

            _log.DeleteSegment(segment);
            LogCompacted(segment.Path, segment.Length, copied, bytes);
        }
    }

    private async Task<(int Copied, long Bytes)> MoveLiveRecordsAsync(StateLogSegment segment, CancellationToken token)
    {
        var olderExists = _log.Segments.Keys.Any(id => id < segment.Id);
        var reader = new StateLogSegmentReader(segment, segment.Length);
        var chunk = new List<Task<StateLogAppendResult>>();
        var chunkBytes = 0L;
        var copied = 0;
        var bytes = 0L;
        var owner = $"State log compaction of '{segment.Path}'";
        for (var position = 0L; position < segment.Length;)
        {
            if (!reader.TryRead(position, out var record, out var payload))
            {
                // Damaged since start-up. Live records are known by the index, not by these bytes: if one of them was
                // here, the segment keeps live bytes and is kept; if not, the damage was in dead records only.
                LogDamaged(segment.Path, position);
                position = reader.FindNextIntact(position);
                if (position < 0)
                {
                    break;
                }

                continue;
            }

            if (_log.Index.TryGet(payload.Key, out var entry) && entry.IsAt(segment.Id, position))
            {
                var item = entry.Kind == StateLogRecordKind.Tombstone && !olderExists
                    ? StateLogAppend.Forget(payload.Key, entry)
                    : StateLogAppend.Copy(payload.Key, record.ToArray(), entry);
                chunk.Add(_log.AppendAsync(item, owner, token));
                chunkBytes += record.Length;
                copied++;
                bytes += record.Length;
                if (chunk.Count >= ChunkRecords || chunkBytes >= ChunkBytes)
                {
                    await Task.WhenAll(chunk).ConfigureAwait(false);
                    chunk.Clear();
                    chunkBytes = 0;
                }
            }

            position += record.Length;
        }

        await Task.WhenAll(chunk).ConfigureAwait(false);
        return (copied, bytes);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "State log: compacted {Path} ({Length} bytes): moved {Copied} live records ({Bytes} bytes) forward and deleted it")]
    private partial void LogCompacted(string path, long length, int copied, long bytes);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "State log: {Path} still holds {LiveBytes} live bytes (a damaged live record) after compaction moved its intact records; it is kept as it is and not compacted again")]
    private partial void LogNotEmptied(string path, long liveBytes);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "State log: compaction found a damaged record at offset {Offset} of {Path}; it moves the intact live records only")]
    private partial void LogDamaged(string path, long offset);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "State log {Directory}: compaction failed; it is retried after the next segment roll")]
    private partial void LogFailed(string directory, Exception exception);
}
