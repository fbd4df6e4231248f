using System.Buffers.Binary;
using System.Text;

namespace Reactor.DevBroker.Protocol;

/// <summary>Reads big-endian Kafka primitives from a request body, throwing <see cref="ProtocolException"/> on truncation.</summary>
internal ref struct KafkaReader
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a reader over <paramref name="buffer"/>.</summary>
    public KafkaReader(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Gets the number of bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Gets the number of bytes not yet read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => Take(1)[0] != 0;

    /// <summary>Reads a big-endian 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    /// <summary>Reads a big-endian 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads a big-endian 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads an unsigned LEB128 varint (compact lengths and tags).</summary>
    public uint ReadUnsignedVarint()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ProtocolException("Unsigned varint is longer than 5 bytes.");
    }

    /// <summary>Reads a zig-zag encoded signed varint (record fields).</summary>
    public int ReadVarint()
    {
        var raw = ReadUnsignedVarint();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads a zig-zag encoded signed varlong (record timestamps and offsets).</summary>
    public long ReadVarlong()
    {
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(1)[0];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(raw >> 1) ^ -(long)(raw & 1);
            }
        }

        throw new ProtocolException("Varlong is longer than 10 bytes.");
    }

    /// <summary>Reads a non-null int16-length string.</summary>
    public string ReadString() =>
        ReadNullableString() ?? throw new ProtocolException("A non-nullable string was null.");

    /// <summary>Reads an int16-length string where -1 means null.</summary>
    public string? ReadNullableString()
    {
        var length = ReadInt16();
        if (length < 0)
        {
            return length == -1 ? null : throw new ProtocolException($"Invalid string length {length}.");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Reads a compact (uvarint length + 1) string where 0 means null.</summary>
    public string? ReadCompactNullableString()
    {
        var lengthPlusOne = ReadUnsignedVarint();
        if (lengthPlusOne == 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Take(checked((int)(lengthPlusOne - 1))));
    }

    /// <summary>Reads int32-length bytes where -1 means null; returns a slice of the request buffer.</summary>
    public Span<byte> ReadNullableBytes(out bool isNull)
    {
        var length = ReadInt32();
        isNull = length < 0;
        if (length < -1)
        {
            throw new ProtocolException($"Invalid bytes length {length}.");
        }

        return isNull ? Span<byte>.Empty : Take(length);
    }

    /// <summary>Reads int32-length bytes and copies them into a new array (empty for null).</summary>
    public byte[] ReadBytesCopy() => ReadNullableBytes(out _).ToArray();

    /// <summary>Reads an int32 array count; -1 (null) is returned as -1.</summary>
    public int ReadArrayCount()
    {
        var count = ReadInt32();
        if (count < -1 || count > Remaining)
        {
            throw new ProtocolException($"Invalid array count {count}.");
        }

        return count;
    }

    /// <summary>Skips a tagged-field buffer (flexible versions).</summary>
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarint();
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarint();
            var size = ReadUnsignedVarint();
            Take(checked((int)size));
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(int count) => Take(count);

    private Span<byte> Take(int count)
    {
        if (count < 0 || count > _buffer.Length - _position)
        {
            throw new ProtocolException($"Request truncated: needed {count} bytes at offset {_position}, {_buffer.Length - _position} left.");
        }

        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }
}
