namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// Walks the records of a segment in order through a read-ahead window (start-up scan and compaction), telling intact
/// records from damaged bytes and finding the next intact record after damage.
/// </summary>
internal sealed class StateLogSegmentReader
{
    private const int WindowSize = 1024 * 1024;

    private readonly StateLogSegment _segment;
    private readonly long _end;
    private byte[] _window = new byte[WindowSize];
    private long _windowStart;
    private int _windowLength;

    /// <summary>Initializes a new instance of the <see cref="StateLogSegmentReader"/> class.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="end">Where its records end (its length when it was opened or sealed).</param>
    public StateLogSegmentReader(StateLogSegment segment, long end)
    {
        _segment = segment;
        _end = end;
    }

    /// <summary>Reads the record at an offset, if it is intact.</summary>
    /// <param name="offset">The offset of its header.</param>
    /// <param name="record">The whole record (header and payload); valid until the next call.</param>
    /// <param name="payload">The decoded payload.</param>
    /// <returns>
    /// <see langword="true"/> for an intact record; <see langword="false"/> when the bytes there are not one (short header,
    /// bad magic or length, bad CRC, malformed payload). <paramref name="payload"/> is then still filled when the header
    /// was valid and the payload decodes despite its CRC, so the damage can be attributed to a grain.
    /// </returns>
    public bool TryRead(long offset, out ReadOnlyMemory<byte> record, out StateLogPayload payload)
    {
        record = default;
        payload = default;
        var header = Read(offset, StateLogRecord.HeaderSize);
        if (!StateLogRecord.TryReadHeader(header.Span, out var payloadLength, out var crc)
            || _end - offset - StateLogRecord.HeaderSize < payloadLength)
        {
            return false;
        }

        record = Read(offset, StateLogRecord.HeaderSize + payloadLength);
        var body = record[StateLogRecord.HeaderSize..];
        var decoded = StateLogRecord.TryDecode(body, out payload);
        return StateLogRecord.IsIntact(body.Span, crc) && decoded;
    }

    /// <summary>Finds the first intact record after an offset.</summary>
    /// <param name="after">The offset of the damaged bytes.</param>
    /// <returns>The offset of the next intact record, or -1 when none follows.</returns>
    public long FindNextIntact(long after)
    {
        var magic = StateLogRecord.Magic;
        var position = after + 1;
        while (_end - position >= StateLogRecord.HeaderSize)
        {
            var chunk = Read(position, (int)Math.Min(WindowSize, _end - position)).Span;
            var found = chunk.IndexOf(magic);
            if (found < 0)
            {
                // The magic may straddle the chunk's end.
                position += Math.Max(1, chunk.Length - (magic.Length - 1));
                continue;
            }

            if (TryRead(position + found, out _, out _))
            {
                return position + found;
            }

            position += found + 1;
        }

        return -1;
    }

    private ReadOnlyMemory<byte> Read(long offset, int count)
    {
        count = (int)Math.Max(0, Math.Min(count, _end - offset));
        if (offset >= _windowStart && offset + count <= _windowStart + _windowLength)
        {
            return _window.AsMemory((int)(offset - _windowStart), count);
        }

        if (_window.Length < count)
        {
            _window = new byte[count];
        }

        _windowStart = offset;
        _windowLength = 0;
        var wanted = (int)Math.Min(_window.Length, _end - offset);
        while (_windowLength < wanted)
        {
            var read = RandomAccess.Read(_segment.Handle, _window.AsSpan(_windowLength, wanted - _windowLength), offset + _windowLength);
            if (read == 0)
            {
                break;
            }

            _windowLength += read;
        }

        return _window.AsMemory(0, Math.Min(count, _windowLength));
    }
}
