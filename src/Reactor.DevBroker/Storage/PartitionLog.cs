using System.Globalization;
using Microsoft.Extensions.Logging;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Stores one partition: its segments, high watermark, idempotent-producer state and parked fetches.</summary>
internal sealed class PartitionLog : IDisposable
{
    /// <summary>The leader epoch stored in batches and reported in Metadata and ListOffsets.</summary>
    public const int LeaderEpoch = 0;

    private readonly Lock _lock = new();
    private readonly List<LogSegment> _segments = [];
    private readonly Dictionary<long, ProducerState> _producers = [];
    private readonly List<FetchWaiter> _waiters = [];
    private readonly string _directory;
    private readonly DevBrokerOptions _options;
    private readonly LogWriter? _writer;
    private long _highWatermark;
    private bool _closed;
    private int _scheduled;
    private long _activePending;

    private PartitionLog(string topic, int partition, string directory, DevBrokerOptions options, LogWriter? writer)
    {
        Topic = topic;
        Partition = partition;
        _directory = directory;
        _options = options;
        _writer = writer;
    }

    /// <summary>Gets the topic name.</summary>
    public string Topic { get; }

    /// <summary>Gets the partition index.</summary>
    public int Partition { get; }

    /// <summary>Gets the offset after the last stored record.</summary>
    public long HighWatermark
    {
        get
        {
            lock (_lock)
            {
                return _highWatermark;
            }
        }
    }

    /// <summary>Gets the offset of the oldest stored record.</summary>
    public long LogStartOffset
    {
        get
        {
            lock (_lock)
            {
                return _segments[0].BaseOffset;
            }
        }
    }

    /// <summary>Gets the greatest producer id seen in stored batches.</summary>
    public long MaxProducerId { get; private set; } = -1;

    /// <summary>Creates an empty partition in <paramref name="directory"/>.</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="partition">The partition index.</param>
    /// <param name="directory">The partition's directory.</param>
    /// <param name="options">The broker options.</param>
    /// <param name="writer">Writes appended data to the segment files in the background; null writes it before each append returns.</param>
    public static PartitionLog Create(string topic, int partition, string directory, DevBrokerOptions options, LogWriter? writer = null)
    {
        Directory.CreateDirectory(directory);
        var log = new PartitionLog(topic, partition, directory, options, writer);
        log._segments.Add(LogSegment.Create(directory, 0, log._lock));
        return log;
    }

    /// <summary>Loads a partition from its directory, truncating a torn segment tail.</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="partition">The partition index.</param>
    /// <param name="directory">The partition's directory.</param>
    /// <param name="options">The broker options.</param>
    /// <param name="logger">Logs truncated tails.</param>
    /// <param name="writer">Writes appended data to the segment files in the background; null writes it before each append returns.</param>
    public static PartitionLog Load(string topic, int partition, string directory, DevBrokerOptions options, ILogger logger, LogWriter? writer = null)
    {
        var log = new PartitionLog(topic, partition, directory, options, writer);
        var files = Directory.GetFiles(directory, "*.log")
            .Select(path => (Path: path, Offset: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : -1))
            .Where(f => f.Offset >= 0)
            .OrderBy(f => f.Offset)
            .ToList();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var segment = LogSegment.Open(files[i].Path, files[i].Offset, log._lock, checkCrc: i == files.Count - 1, logger, log.RestoreProducer);
                if (log._segments.Count > 0 && segment.BaseOffset < log._segments[^1].NextOffset)
                {
                    // An overlapping segment can only come from an interrupted roll; the earlier data wins.
                    segment.Delete();
                    continue;
                }

                log._segments.Add(segment);
            }

            if (log._segments.Count == 0)
            {
                log._segments.Add(LogSegment.Create(directory, 0, log._lock));
            }

            log._highWatermark = log._segments[^1].NextOffset;
            return log;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Assigns offsets to a validated batch (rewriting it in place) and appends it; the array is kept, not copied, until written.</summary>
    public AppendResult Append(byte[] batch)
    {
        var buffer = SharedBuffer.Wrap(batch);
        try
        {
            return Append(buffer, 0, batch.Length);
        }
        finally
        {
            buffer.Release();
        }
    }

    /// <summary>Assigns offsets to a validated batch (rewriting it in place) and appends it.</summary>
    /// <param name="buffer">Holds the batch; the partition takes a reference and keeps the bytes there until they are written to the segment file.</param>
    /// <param name="offset">Where the batch starts in <paramref name="buffer"/>.</param>
    /// <param name="length">The batch's length.</param>
    /// <remarks>
    /// The batch is in the partition's memory, readable by Fetch and bound for the segment file in order, when this
    /// returns; with a <see cref="LogWriter"/> the file write happens in the background.
    /// </remarks>
    public AppendResult Append(SharedBuffer buffer, int offset, int length)
    {
        if (_writer is not null && (Volatile.Read(ref _activePending) > LogWriter.MaxPendingBytesPerPartition || _writer.PendingBytes > LogWriter.MaxPendingBytes))
        {
            // Far ahead of the background writer: write on this thread first, so producers slow to the file system's
            // pace; if the file system fails, refuse the batch rather than hold ever more in memory.
            try
            {
                WritePending();
            }
            catch (IOException)
            {
                return new AppendResult(KafkaErrorCode.KafkaStorageError, -1, -1);
            }
        }

        var batch = buffer.Array.AsSpan(offset, length);
        var producerId = RecordBatch.ProducerId(batch);
        var epoch = RecordBatch.ProducerEpoch(batch);
        var firstSequence = RecordBatch.BaseSequence(batch);
        var lastOffsetDelta = RecordBatch.LastOffsetDelta(batch);
        List<FetchWaiter>? toWake = null;
        AppendResult result;
        LogSegment active;
        lock (_lock)
        {
            if (_closed)
            {
                return new AppendResult(KafkaErrorCode.UnknownTopicOrPartition, -1, -1);
            }

            ProducerState? producer = null;
            var lastSequence = 0;
            if (producerId >= 0)
            {
                lastSequence = ProducerState.LastSequenceOf(firstSequence, lastOffsetDelta);
                if (_producers.TryGetValue(producerId, out producer))
                {
                    if (epoch < producer.Epoch)
                    {
                        return new AppendResult(KafkaErrorCode.InvalidProducerEpoch, -1, _segments[0].BaseOffset);
                    }

                    if (epoch == producer.Epoch)
                    {
                        if (producer.TryFindDuplicate(firstSequence, lastSequence, out var originalOffset))
                        {
                            return new AppendResult(KafkaErrorCode.None, originalOffset, _segments[0].BaseOffset);
                        }

                        if (!producer.IsNextInSequence(firstSequence))
                        {
                            return new AppendResult(KafkaErrorCode.OutOfOrderSequenceNumber, -1, _segments[0].BaseOffset);
                        }
                    }
                }
            }

            var baseOffset = _highWatermark;
            RecordBatch.AssignOffset(batch, baseOffset, LeaderEpoch);
            active = _segments[^1];
            if (active.Size > 0 && active.Size + batch.Length > _options.SegmentBytes)
            {
                active = LogSegment.Create(_directory, baseOffset, _lock);
                _segments.Add(active);
            }

            active.Append(buffer, offset, length, baseOffset, lastOffsetDelta, RecordBatch.MaxTimestamp(batch));
            Volatile.Write(ref _activePending, active.PendingBytes);
            _highWatermark = baseOffset + lastOffsetDelta + 1;
            if (producerId >= 0)
            {
                if (producer is null)
                {
                    producer = new ProducerState(epoch);
                    _producers[producerId] = producer;
                }

                producer.Record(epoch, firstSequence, lastSequence, baseOffset);
            }

            if (_waiters.Count > 0)
            {
                toWake = [.. _waiters];
                _waiters.Clear();
            }

            result = new AppendResult(KafkaErrorCode.None, baseOffset, _segments[0].BaseOffset);
        }

        if (_writer is null)
        {
            active.WritePending(out _);
        }
        else
        {
            _writer.AddPending(batch.Length);
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                _writer.Schedule(this);
            }
        }

        if (toWake is not null)
        {
            foreach (var waiter in toWake)
            {
                waiter.Signal();
            }
        }

        return result;
    }

    /// <summary>Finds the stored batches a fetch at <paramref name="offset"/> returns, up to <paramref name="maxBytes"/> (at least one batch when <paramref name="atLeastOne"/>).</summary>
    public FetchSlice Read(long offset, int maxBytes, bool atLeastOne)
    {
        lock (_lock)
        {
            var logStart = _segments[0].BaseOffset;
            if (_closed)
            {
                return new FetchSlice(KafkaErrorCode.UnknownTopicOrPartition, -1, -1, null, 0, 0);
            }

            if (offset < logStart || offset > _highWatermark)
            {
                return new FetchSlice(KafkaErrorCode.OffsetOutOfRange, _highWatermark, logStart, null, 0, 0);
            }

            if (offset == _highWatermark)
            {
                return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, null, 0, 0);
            }

            var segmentIndex = FindSegment(offset);
            for (; segmentIndex < _segments.Count; segmentIndex++)
            {
                var segment = _segments[segmentIndex];
                var first = segment.FindBatch(offset);
                if (first == segment.Count)
                {
                    continue;
                }

                var start = segment[first].Position;
                long length = segment[first].Length;
                if (length > maxBytes && !atLeastOne)
                {
                    return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, null, 0, 0);
                }

                for (var i = first + 1; i < segment.Count && length + segment[i].Length <= maxBytes; i++)
                {
                    length += segment[i].Length;
                }

                return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, segment, start, (int)length);
            }

            return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, null, 0, 0);
        }
    }

    /// <summary>Finds the first batch whose max timestamp is at or after <paramref name="timestamp"/> and copies it out, or returns null.</summary>
    public (long BaseOffset, byte[] Batch)? FindBatchByTimestamp(long timestamp)
    {
        LogSegment? found = null;
        BatchIndexEntry entry = default;
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                if (segment.MaxTimestamp < timestamp)
                {
                    continue;
                }

                for (var i = 0; i < segment.Count && found is null; i++)
                {
                    if (segment[i].MaxTimestamp >= timestamp)
                    {
                        found = segment;
                        entry = segment[i];
                    }
                }

                break;
            }
        }

        if (found is null)
        {
            return null;
        }

        var bytes = new byte[entry.Length];
        return found.Read(entry.Position, bytes) == bytes.Length ? (entry.BaseOffset, bytes) : null;
    }

    /// <summary>Registers a parked fetch to be woken by the next append.</summary>
    public void AddWaiter(FetchWaiter waiter)
    {
        lock (_lock)
        {
            _waiters.Add(waiter);
        }
    }

    /// <summary>Unregisters a parked fetch.</summary>
    public void RemoveWaiter(FetchWaiter waiter)
    {
        lock (_lock)
        {
            _waiters.Remove(waiter);
        }
    }

    /// <summary>Deletes whole old segments that exceed the retention time or size; returns how many were deleted.</summary>
    public int EnforceRetention(long nowMs)
    {
        var retentionMs = _options.RetentionTime == Timeout.InfiniteTimeSpan ? -1 : (long)_options.RetentionTime.TotalMilliseconds;
        var retentionBytes = _options.RetentionBytes;
        var deleted = 0;
        lock (_lock)
        {
            if (_closed)
            {
                return 0;
            }

            var active = _segments[^1];
            if (retentionMs >= 0 && active.Count > 0 && active.MaxTimestamp < nowMs - retentionMs)
            {
                // Roll so the expired active segment can go too; the log start moves to the high watermark.
                _segments.Add(LogSegment.Create(_directory, _highWatermark, _lock));
            }

            var totalSize = _segments.Sum(s => s.Size);
            while (_segments.Count > 1)
            {
                var oldest = _segments[0];
                var expired = retentionMs >= 0 && oldest.MaxTimestamp < nowMs - retentionMs;
                var oversize = retentionBytes > 0 && totalSize - oldest.Size >= retentionBytes;
                if (!expired && !oversize)
                {
                    break;
                }

                _segments.RemoveAt(0);
                totalSize -= oldest.Size;
                _writer?.AddPending(-oldest.Delete());
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Writes appended data still in memory to the segment files, in order; returns the bytes written.</summary>
    /// <remarks>Called by the <see cref="LogWriter"/>, by an append far ahead of it, and before a flush or close.</remarks>
    public long WritePending()
    {
        Volatile.Write(ref _scheduled, 0);
        LogSegment? only = null;
        List<LogSegment>? several = null;
        lock (_lock)
        {
            if (_closed)
            {
                return 0;
            }

            foreach (var segment in _segments)
            {
                if (segment.PendingBytes > 0)
                {
                    if (only is null)
                    {
                        only = segment;
                    }
                    else
                    {
                        several ??= [only];
                        several.Add(segment);
                    }
                }
            }
        }

        long written = 0;
        if (several is not null)
        {
            foreach (var segment in several)
            {
                written += WriteSegment(segment);
            }
        }
        else if (only is not null)
        {
            written = WriteSegment(only);
        }

        return written;
    }

    private long WriteSegment(LogSegment segment)
    {
        var written = segment.WritePending(out var start);
        if (_writer is not null && written > 0)
        {
            _writer.AddPending(-written);
            _writer.Written(segment, start, start + written);
        }

        return written;
    }

    /// <summary>Writes what is still in memory, then forces written data to the storage device, without holding up appends while the device works.</summary>
    public void FlushToDisk()
    {
        WritePending();
        List<LogSegment> segments;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            segments = [.. _segments];
        }

        foreach (var segment in segments)
        {
            segment.Sync();
        }
    }

    /// <summary>Stops accepting appends, writes everything still in memory to the segment files, forces them to the device and closes them.</summary>
    public void Dispose()
    {
        List<FetchWaiter> toWake;
        List<LogSegment> segments;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            segments = [.. _segments];
            toWake = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in toWake)
        {
            waiter.Signal();
        }

        // Appends are refused from here on, so the segment list and their contents no longer change.
        Exception? failure = null;
        foreach (var segment in segments)
        {
            try
            {
                _writer?.AddPending(-segment.WritePendingAndClose());
            }
#pragma warning disable CA1031 // Close every segment even if one fails; the first failure is rethrown below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure ??= ex;
                segment.Dispose();
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private int FindSegment(long offset)
    {
        int low = 0, high = _segments.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >>> 1;
            if (_segments[mid].BaseOffset <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private void RestoreProducer(StoredBatchInfo info)
    {
        if (info.ProducerId < 0)
        {
            return;
        }

        MaxProducerId = Math.Max(MaxProducerId, info.ProducerId);
        if (!_producers.TryGetValue(info.ProducerId, out var state))
        {
            state = new ProducerState(info.ProducerEpoch);
            _producers[info.ProducerId] = state;
        }

        state.Record(info.ProducerEpoch, info.BaseSequence, ProducerState.LastSequenceOf(info.BaseSequence, info.LastOffsetDelta), info.BaseOffset);
    }
}
