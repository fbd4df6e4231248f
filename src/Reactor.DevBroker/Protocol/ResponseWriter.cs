using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Reactor.DevBroker.Protocol;

/// <summary>Writes big-endian Kafka primitives into a pooled, growable buffer.</summary>
internal sealed class ResponseWriter : IDisposable
{
    private const int InitialSize = 4096;
    private const int RetainedSize = 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _position;

    /// <summary>Gets the number of bytes written.</summary>
    public int Length => _position;

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>Gets the bytes written so far as a span.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Discards the content, releasing an oversized buffer back to the pool.</summary>
    public void Reset()
    {
        _position = 0;
        if (_buffer.Length > RetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    /// <summary>Writes a signed byte.</summary>
    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;

    /// <summary>Writes a boolean.</summary>
    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a big-endian 16-bit integer.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    /// <summary>Writes an error code.</summary>
    public void WriteError(KafkaErrorCode value) => WriteInt16((short)value);

    /// <summary>Writes a big-endian 32-bit integer.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    /// <summary>Writes a big-endian 64-bit integer.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteUnsignedVarint(uint value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    /// <summary>Writes a zig-zag encoded signed varint.</summary>
    public void WriteVarint(int value) => WriteUnsignedVarint((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes an empty tagged-field buffer.</summary>
    public void WriteEmptyTaggedFields() => WriteUnsignedVarint(0);

    /// <summary>Writes a non-null int16-length string.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)count));
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    /// <summary>Writes an int16-length string, -1 for null.</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
        }
        else
        {
            WriteString(value);
        }
    }

    /// <summary>Writes int32-length bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>Writes an int32 array count.</summary>
    public void WriteArrayCount(int count) => WriteInt32(count);

    /// <summary>Writes a compact array count (uvarint count + 1).</summary>
    public void WriteCompactArrayCount(int count) => WriteUnsignedVarint((uint)count + 1);

    /// <summary>Writes raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Reserves four bytes for an int32 to be filled later by <see cref="PatchInt32"/>.</summary>
    public int ReserveInt32()
    {
        var position = _position;
        Reserve(4);
        return position;
    }

    /// <summary>Fills an int32 previously reserved at <paramref name="position"/>.</summary>
    public void PatchInt32(int position, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    /// <summary>Returns a writable span of exactly <paramref name="count"/> bytes and advances past it.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Makes room for at least <paramref name="count"/> more bytes at once, so a large response is not built by repeated doubling and copying.</summary>
    public void EnsureCapacity(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }
    }

    /// <summary>Moves the write position back to <paramref name="position"/>, dropping what follows.</summary>
    public void Truncate(int position) => _position = position;

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _position + needed);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
