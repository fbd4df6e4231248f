using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>
/// Holds one append-only segment file of a partition, its in-memory batch index, and the appended bytes not yet
/// written to the file.
/// </summary>
/// <remarks>
/// Appends keep each batch where it was received (a reference to the request's pooled <see cref="SharedBuffer"/>,
/// no copy) under the owning <see cref="PartitionLog"/>'s lock; <see cref="WritePending"/> (the background <see cref="LogWriter"/>, or the appending thread when it is far ahead)
/// writes them to the file in order, coalesced, outside that lock. Bytes below <see cref="WrittenSize"/> are in the
/// file, the rest only in memory; <see cref="Read"/> serves both.
/// </remarks>
internal sealed class LogSegment : IDisposable
{
    /// <summary>The most batches gathered into one write (Linux's IOV_MAX).</summary>
    private const int MaxBuffersPerWrite = 1024;

    private readonly Lock _lock;
    private readonly Lock _writeLock = new();
    private readonly List<PendingBatch> _pending = [];
    private readonly List<ReadOnlyMemory<byte>> _writeBuffers = [];
    private BatchIndexEntry[] _entries = new BatchIndexEntry[64];
    private int _count;
    private long _writtenSize;
    private long _syncedSize;
    private long _droppedUpTo;
    private bool _dirty;
    private bool _writing;
    private bool _closed;

    private LogSegment(string path, long baseOffset, SafeFileHandle handle, Lock partitionLock)
    {
        FilePath = path;
        BaseOffset = baseOffset;
        Handle = handle;
        _lock = partitionLock;
    }

    /// <summary>Gets the offset of the segment's first record.</summary>
    public long BaseOffset { get; }

    /// <summary>Gets the segment file's path.</summary>
    public string FilePath { get; }

    /// <summary>Gets the open file handle.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Gets the number of bytes in the segment, written to the file or not.</summary>
    public long Size { get; private set; }

    /// <summary>Gets the number of bytes already written to the file (call under the partition lock).</summary>
    public long WrittenSize => _writtenSize;

    /// <summary>Gets the number of appended bytes not yet written to the file (call under the partition lock).</summary>
    public long PendingBytes => Size - _writtenSize;

    /// <summary>Gets the number of batches in the segment.</summary>
    public int Count => _count;

    /// <summary>Gets the greatest batch max timestamp, -1 for an empty segment.</summary>
    public long MaxTimestamp { get; private set; } = -1;

    /// <summary>Gets the offset after the segment's last record.</summary>
    public long NextOffset => _count == 0 ? BaseOffset : _entries[_count - 1].LastOffset + 1;

    /// <summary>Gets the index entry at <paramref name="index"/>.</summary>
    public ref readonly BatchIndexEntry this[int index] => ref _entries[index];

    /// <summary>Builds the file name of a segment starting at <paramref name="baseOffset"/>.</summary>
    public static string FileName(long baseOffset) => $"{baseOffset:D20}.log";

    /// <summary>Creates a new, empty segment file guarded by <paramref name="partitionLock"/>.</summary>
    public static LogSegment Create(string directory, long baseOffset, Lock partitionLock)
    {
        var path = Path.Combine(directory, FileName(baseOffset));
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        return new LogSegment(path, baseOffset, handle, partitionLock);
    }

    /// <summary>Opens an existing segment, rebuilds its index and truncates a torn tail.</summary>
    public static LogSegment Open(string path, long baseOffset, Lock partitionLock, bool checkCrc, ILogger logger, Action<StoredBatchInfo> onBatch)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var segment = new LogSegment(path, baseOffset, handle, partitionLock);
        try
        {
            segment.Scan(checkCrc, logger, onBatch);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return segment;
    }

    /// <summary>Appends a batch whose offsets are already assigned, keeping a reference to it in <paramref name="buffer"/> until it is written; call under the partition lock.</summary>
    public void Append(SharedBuffer buffer, int offset, int length, long baseOffset, int lastOffsetDelta, long maxTimestamp)
    {
        buffer.AddReference();
        _pending.Add(new PendingBatch(buffer, offset, length, Size));
        AddEntry(new BatchIndexEntry(baseOffset, baseOffset + lastOffsetDelta, Size, length, maxTimestamp));
        Size += length;
    }

    /// <summary>
    /// Writes the appended bytes not yet in the file, in gathered writes, and releases the buffers they were kept in;
    /// returns the number of bytes written, from file position <paramref name="start"/>. Call without holding the partition lock.
    /// </summary>
    public long WritePending(out long start)
    {
        start = -1;
        long total = 0;
        lock (_writeLock)
        {
            while (true)
            {
                long from, end;
                int count;
                lock (_lock)
                {
                    if (_closed || _pending.Count == 0)
                    {
                        break;
                    }

                    from = _writtenSize;
                    count = Math.Min(_pending.Count, MaxBuffersPerWrite);
                    _writeBuffers.Clear();
                    for (var i = 0; i < count; i++)
                    {
                        var batch = _pending[i];
                        _writeBuffers.Add(batch.Buffer.Array.AsMemory(batch.Offset, batch.Length));
                    }

                    end = _pending[count - 1].Position + _pending[count - 1].Length;
                    _writing = true;
                }

                // Appends may add batches meanwhile; the ones gathered here no longer change.
                var written = false;
                var counted = false;
                try
                {
                    RandomAccess.Write(Handle, _writeBuffers, from);
                    written = true;
                }
                catch (ObjectDisposedException)
                {
                    // Retention or DeleteTopics closed the segment meanwhile: there is nothing left to write.
                }
                finally
                {
                    _writeBuffers.Clear();
                    lock (_lock)
                    {
                        _writing = false;
                        if (written && !_closed)
                        {
                            _writtenSize = end;
                            _dirty = true;
                            counted = true;
                            ReleasePending(count);
                        }
                        else if (_closed)
                        {
                            ReleasePending(_pending.Count);
                        }
                    }
                }

                // Bytes of a segment closed meanwhile were already counted as dropped by Delete.
                if (!counted)
                {
                    break;
                }

                if (start < 0)
                {
                    start = from;
                }

                total += end - from;
            }
        }

        start = Math.Max(start, 0);
        return total;
    }

    /// <summary>Forces the written bytes to the storage device (fsync) if anything was written since the last sync. Call without holding the partition lock.</summary>
    public void Sync()
    {
        long upTo;
        lock (_lock)
        {
            if (_closed || !_dirty)
            {
                return;
            }

            _dirty = false;
            upTo = _writtenSize;
        }

        try
        {
            RandomAccess.FlushToDisk(Handle);
        }
        catch (ObjectDisposedException)
        {
            // Deleted by retention or DeleteTopics meanwhile: nothing left to sync.
            return;
        }

        lock (_lock)
        {
            _syncedSize = Math.Max(_syncedSize, upTo);
        }
    }

    /// <summary>
    /// Drops the written range [<paramref name="start"/>, <paramref name="end"/>) from the OS page cache, syncing it
    /// first if needed; later reads of it come from the device and are dropped again after reading. Call without
    /// holding the partition lock.
    /// </summary>
    public void DropFromCache(long start, long end)
    {
        bool needsSync;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            needsSync = end > _syncedSize;
        }

        if (needsSync)
        {
            Sync();
        }

        lock (_lock)
        {
            if (_closed || end > _syncedSize)
            {
                return;
            }

            _droppedUpTo = Math.Max(_droppedUpTo, end);
        }

        PageCache.Drop(Handle, start, end - start);
    }

    /// <summary>
    /// Copies <paramref name="destination"/>.Length bytes starting at <paramref name="position"/>, from the file and
    /// from memory; returns the number of bytes copied, fewer only when the segment was deleted or closed meanwhile.
    /// Call without holding the partition lock.
    /// </summary>
    public int Read(long position, Span<byte> destination)
    {
        int fromFile;
        long droppedUpTo;
        lock (_lock)
        {
            if (_closed)
            {
                return 0;
            }

            droppedUpTo = _droppedUpTo;

            // Bytes move from memory to the file, never back: what is below the written size now stays readable there.
            fromFile = (int)Math.Clamp(_writtenSize - position, 0, destination.Length);
            if (fromFile < destination.Length)
            {
                CopyPending(position + fromFile, destination[fromFile..]);
            }
        }

        var read = 0;
        try
        {
            while (read < fromFile)
            {
                var n = RandomAccess.Read(Handle, destination[read..fromFile], position + read);
                if (n == 0)
                {
                    return read;
                }

                read += n;
            }
        }
        catch (ObjectDisposedException)
        {
            // Retention or DeleteTopics removed the segment meanwhile.
            return 0;
        }

        if (position < droppedUpTo)
        {
            // Old data was read back from the device: do not let it grow the page cache again.
            PageCache.Drop(Handle, position, Math.Min(position + fromFile, droppedUpTo) - position);
        }

        return destination.Length;
    }

    /// <summary>Finds the first batch whose last offset is at or after <paramref name="offset"/>; returns <see cref="Count"/> if none.</summary>
    public int FindBatch(long offset)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_entries[mid].LastOffset < offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Closes the file and deletes it, dropping unwritten data; call under the partition lock. Returns the bytes dropped.</summary>
    public long Delete()
    {
        var dropped = Close();
        File.Delete(FilePath);
        return dropped;
    }

    /// <summary>Writes what is pending, forces the file to the storage device and closes it; call without holding the partition lock.</summary>
    /// <returns>The number of bytes written.</returns>
    public long WritePendingAndClose()
    {
        var written = WritePending(out _);
        Sync();
        Dispose();
        return written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            Close();
        }
    }

    private long Close()
    {
        if (_closed)
        {
            return 0;
        }

        var dropped = Size - _writtenSize;
        _closed = true;
        Handle.Dispose();
        if (!_writing)
        {
            // Otherwise the writer is still reading them; it releases them when it finishes.
            ReleasePending(_pending.Count);
        }

        return dropped;
    }

    /// <summary>Releases the first <paramref name="count"/> pending batches' buffers. Under the lock.</summary>
    private void ReleasePending(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _pending[i].Buffer.Release();
        }

        _pending.RemoveRange(0, count);
    }

    /// <summary>Copies unwritten bytes from memory, starting at file position <paramref name="position"/>. Under the lock.</summary>
    private void CopyPending(long position, Span<byte> destination)
    {
        // The pending batches are contiguous and in position order: find the one holding the first byte.
        int low = 0, high = _pending.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_pending[mid].Position + _pending[mid].Length <= position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (var i = low; i < _pending.Count && destination.Length > 0; i++)
        {
            var batch = _pending[i];
            var skip = (int)(position - batch.Position);
            var count = Math.Min(batch.Length - skip, destination.Length);
            batch.Buffer.Array.AsSpan(batch.Offset + skip, count).CopyTo(destination);
            destination = destination[count..];
            position += count;
        }
    }

    private void AddEntry(in BatchIndexEntry entry)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count++] = entry;
        MaxTimestamp = Math.Max(MaxTimestamp, entry.MaxTimestamp);
    }

    private void Scan(bool checkCrc, ILogger logger, Action<StoredBatchInfo> onBatch)
    {
        var fileLength = RandomAccess.GetLength(Handle);
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        var header = new byte[RecordBatch.HeaderSize];
        byte[] body = [];
        long position = 0;
        long expectedOffset = BaseOffset;
        while (position < fileLength)
        {
            if (fileLength - position < RecordBatch.HeaderSize)
            {
                break;
            }

            stream.Position = position;
            stream.ReadExactly(header);
            var length = RecordBatch.BatchLength(header) + (long)RecordBatch.LogOverhead;
            if (length < RecordBatch.HeaderSize || position + length > fileLength || RecordBatch.Magic(header) != 2)
            {
                break;
            }

            var baseOffset = RecordBatch.BaseOffset(header);
            if (baseOffset < expectedOffset || RecordBatch.LastOffsetDelta(header) < 0)
            {
                break;
            }

            if (checkCrc)
            {
                if (body.Length < length)
                {
                    body = new byte[length];
                }

                header.CopyTo(body, 0);
                stream.ReadExactly(body, RecordBatch.HeaderSize, (int)length - RecordBatch.HeaderSize);
                if (!RecordBatch.IsIntact(body.AsSpan(0, (int)length), checkCrc: true))
                {
                    break;
                }
            }

            var lastOffsetDelta = RecordBatch.LastOffsetDelta(header);
            AddEntry(new BatchIndexEntry(baseOffset, baseOffset + lastOffsetDelta, position, (int)length, RecordBatch.MaxTimestamp(header)));
            onBatch(new StoredBatchInfo(baseOffset, RecordBatch.ProducerId(header), RecordBatch.ProducerEpoch(header), RecordBatch.BaseSequence(header), lastOffsetDelta));
            expectedOffset = baseOffset + lastOffsetDelta + 1;
            position += length;
        }

        if (position < fileLength)
        {
            BrokerLog.TruncatedSegment(logger, FilePath, fileLength, position);
            RandomAccess.SetLength(Handle, position);
        }

        Size = position;
        _writtenSize = position;
    }

    /// <summary>An appended batch not yet written: <see cref="Length"/> bytes at <see cref="Offset"/> in <see cref="Buffer"/>, bound for file position <see cref="Position"/>.</summary>
    private readonly record struct PendingBatch(SharedBuffer Buffer, int Offset, int Length, long Position);
}
