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
    private long _highWatermark;
    private bool _closed;

    private PartitionLog(string topic, int partition, string directory, DevBrokerOptions options)
    {
        Topic = topic;
        Partition = partition;
        _directory = directory;
        _options = options;
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
    public static PartitionLog Create(string topic, int partition, string directory, DevBrokerOptions options)
    {
        Directory.CreateDirectory(directory);
        var log = new PartitionLog(topic, partition, directory, options);
        log._segments.Add(LogSegment.Create(directory, 0));
        return log;
    }

    /// <summary>Loads a partition from its directory, truncating a torn segment tail.</summary>
    public static PartitionLog Load(string topic, int partition, string directory, DevBrokerOptions options, ILogger logger)
    {
        var log = new PartitionLog(topic, partition, directory, options);
        var files = Directory.GetFiles(directory, "*.log")
            .Select(path => (Path: path, Offset: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : -1))
            .Where(f => f.Offset >= 0)
            .OrderBy(f => f.Offset)
            .ToList();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var segment = LogSegment.Open(files[i].Path, files[i].Offset, checkCrc: i == files.Count - 1, logger, log.RestoreProducer);
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
                log._segments.Add(LogSegment.Create(directory, 0));
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

    /// <summary>Assigns offsets to a validated batch (rewriting it in place) and appends it.</summary>
    public AppendResult Append(Span<byte> batch)
    {
        var producerId = RecordBatch.ProducerId(batch);
        var epoch = RecordBatch.ProducerEpoch(batch);
        var firstSequence = RecordBatch.BaseSequence(batch);
        var lastOffsetDelta = RecordBatch.LastOffsetDelta(batch);
        List<FetchWaiter>? toWake = null;
        AppendResult result;
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
            var active = _segments[^1];
            if (active.Size > 0 && active.Size + batch.Length > _options.SegmentBytes)
            {
                active = LogSegment.Create(_directory, baseOffset);
                _segments.Add(active);
            }

            active.Append(batch, baseOffset, lastOffsetDelta, RecordBatch.MaxTimestamp(batch));
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

                return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, segment.Handle, start, (int)length);
            }

            return new FetchSlice(KafkaErrorCode.None, _highWatermark, logStart, null, 0, 0);
        }
    }

    /// <summary>Finds the first batch whose max timestamp is at or after <paramref name="timestamp"/> and copies it out, or returns null.</summary>
    public (long BaseOffset, byte[] Batch)? FindBatchByTimestamp(long timestamp)
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                if (segment.MaxTimestamp < timestamp)
                {
                    continue;
                }

                for (var i = 0; i < segment.Count; i++)
                {
                    var entry = segment[i];
                    if (entry.MaxTimestamp >= timestamp)
                    {
                        var bytes = new byte[entry.Length];
                        RandomAccess.Read(segment.Handle, bytes, entry.Position);
                        return (entry.BaseOffset, bytes);
                    }
                }
            }

            return null;
        }
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
                _segments.Add(LogSegment.Create(_directory, _highWatermark));
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
                oldest.Delete();
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Forces written data to the storage device, without holding up appends while the device works.</summary>
    public void FlushToDisk()
    {
        List<LogSegment> dirty;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            dirty = [.. _segments.Where(s => s.TakeDirty())];
        }

        foreach (var segment in dirty)
        {
            try
            {
                RandomAccess.FlushToDisk(segment.Handle);
            }
            catch (ObjectDisposedException)
            {
                // Deleted by retention or DeleteTopics meanwhile: nothing left to flush.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        List<FetchWaiter> toWake;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            foreach (var segment in _segments)
            {
                segment.FlushToDisk();
                segment.Dispose();
            }

            toWake = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in toWake)
        {
            waiter.Signal();
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
