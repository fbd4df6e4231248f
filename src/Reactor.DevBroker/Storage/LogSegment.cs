using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Holds one append-only segment file of a partition plus its in-memory batch index.</summary>
/// <remarks>Callers serialize access through the owning <see cref="PartitionLog"/>'s lock, except reads.</remarks>
internal sealed class LogSegment : IDisposable
{
    private BatchIndexEntry[] _entries = new BatchIndexEntry[64];
    private int _count;
    private bool _dirty;

    private LogSegment(string path, long baseOffset, SafeFileHandle handle)
    {
        FilePath = path;
        BaseOffset = baseOffset;
        Handle = handle;
    }

    /// <summary>Gets the offset of the segment's first record.</summary>
    public long BaseOffset { get; }

    /// <summary>Gets the segment file's path.</summary>
    public string FilePath { get; }

    /// <summary>Gets the open file handle.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Gets the number of bytes in the segment.</summary>
    public long Size { get; private set; }

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

    /// <summary>Creates a new, empty segment file.</summary>
    public static LogSegment Create(string directory, long baseOffset)
    {
        var path = Path.Combine(directory, FileName(baseOffset));
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        return new LogSegment(path, baseOffset, handle);
    }

    /// <summary>Opens an existing segment, rebuilds its index and truncates a torn tail.</summary>
    public static LogSegment Open(string path, long baseOffset, bool checkCrc, ILogger logger, Action<StoredBatchInfo> onBatch)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var segment = new LogSegment(path, baseOffset, handle);
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

    /// <summary>Appends a batch whose offsets are already assigned.</summary>
    public void Append(ReadOnlySpan<byte> batch, long baseOffset, int lastOffsetDelta, long maxTimestamp)
    {
        RandomAccess.Write(Handle, batch, Size);
        AddEntry(new BatchIndexEntry(baseOffset, baseOffset + lastOffsetDelta, Size, batch.Length, maxTimestamp));
        Size += batch.Length;
        _dirty = true;
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

    /// <summary>Forces written data to the storage device if anything changed since the last flush.</summary>
    public void FlushToDisk()
    {
        if (_dirty)
        {
            _dirty = false;
            RandomAccess.FlushToDisk(Handle);
        }
    }

    /// <summary>Reports whether data was appended since the last call, and clears the flag.</summary>
    public bool TakeDirty()
    {
        var dirty = _dirty;
        _dirty = false;
        return dirty;
    }

    /// <summary>Closes the file and deletes it.</summary>
    public void Delete()
    {
        Handle.Dispose();
        File.Delete(FilePath);
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();

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
    }
}
