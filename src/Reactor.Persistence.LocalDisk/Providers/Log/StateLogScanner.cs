using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// Rebuilds the index at start-up by reading every segment in order. A damaged tail of the last segment (a write torn
/// by a crash) is truncated; damage anywhere else is kept on disk and reported: the grains it can be attributed to read
/// as a <see cref="CorruptStateFileException"/>, and the segment is never compacted.
/// </summary>
internal static partial class StateLogScanner
{
    /// <summary>Opens every segment of a state log directory and indexes their records.</summary>
    /// <param name="directory">The state log directory (it exists).</param>
    /// <param name="segments">Receives the open segments.</param>
    /// <param name="index">Receives the newest record of every state.</param>
    /// <param name="counters">Counts the syncs of truncations.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The last segment, or <see langword="null"/> when there is none.</returns>
    public static StateLogSegment? Scan(string directory, ConcurrentDictionary<int, StateLogSegment> segments, StateLogIndex index, StateLogCounters counters, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        var ids = Directory.EnumerateFiles(directory)
            .Select(Path.GetFileName)
            .Select(name => StateLogSegment.TryParseId(name!, out var id) ? id : 0)
            .Where(id => id > 0)
            .Order()
            .ToList();
        foreach (var id in ids)
        {
            segments[id] = StateLogSegment.Open(directory, id, create: false);
        }

        var records = 0L;
        StateLogSegment? last = null;
        for (var i = 0; i < ids.Count; i++)
        {
            last = segments[ids[i]];
            records += ScanSegment(last, isLast: i == ids.Count - 1, index, counters, logger);
        }

        LogScanned(logger, directory, records, ids.Count, index.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return last;
    }

    private static long ScanSegment(StateLogSegment segment, bool isLast, StateLogIndex index, StateLogCounters counters, ILogger logger)
    {
        var reader = new StateLogSegmentReader(segment, segment.Length);
        var records = 0L;
        var position = 0L;
        while (position < segment.Length)
        {
            if (reader.TryRead(position, out var record, out var payload))
            {
                index.Set(payload.Key, new StateLogEntry(segment.Id, position, record.Length, payload.Kind, payload.ETag));
                records++;
                position += record.Length;
                continue;
            }

            var next = reader.FindNextIntact(position);
            if (next < 0 && isLast)
            {
                LogTruncated(logger, segment.Path, position, segment.Length - position);
                RandomAccess.SetLength(segment.Handle, position);
                segment.Length = position;
                StateLogFiles.Sync(segment, counters);
                break;
            }

            var end = next < 0 ? segment.Length : next;
            segment.IsDamaged = true;
            if (payload.Kind != 0)
            {
                // The header was sound and the payload still names its grain: reads of that grain must not fall back to an older version.
                index.Set(payload.Key, new StateLogEntry(segment.Id, position, (int)Math.Min(end - position, int.MaxValue), StateLogRecordKind.Damaged, null));
                LogDamagedRecord(logger, segment.Path, position, end - position, payload.Key.ToString());
            }
            else
            {
                LogDamagedBytes(logger, segment.Path, position, end - position);
            }

            if (next < 0)
            {
                break;
            }

            position = next;
        }

        return records;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "State log {Directory}: scanned {Records} records in {Segments} segments ({Entries} index entries) in {Milliseconds:F0} ms")]
    private static partial void LogScanned(ILogger logger, string directory, long records, int segments, int entries, double milliseconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "State log: the last segment {Path} ends in an incomplete or damaged record at offset {Offset} ({Bytes} bytes, a write torn by a crash); truncated it there")]
    private static partial void LogTruncated(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "State log: the record at offset {Offset} of {Path} ({Bytes} bytes) is damaged; it holds {State}, whose reads now fail until it is restored or cleared. The segment is kept as it is")]
    private static partial void LogDamagedRecord(ILogger logger, string path, long offset, long bytes, string state);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "State log: {Bytes} bytes at offset {Offset} of {Path} are damaged and name no grain; grains whose newest record was there read an older version or none. The segment is kept as it is")]
    private static partial void LogDamagedBytes(ILogger logger, string path, long offset, long bytes);
}
