using System.Buffers.Binary;
using System.Text;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>
/// A minimal big-endian Kafka wire writer, written from the protocol specification for the fuzz tests so that
/// the requests they send do not come from the broker's own codec.
/// </summary>
internal sealed class WireWriter
{
    private readonly MemoryStream _buffer = new();

    public int Length => (int)_buffer.Length;

    public WireWriter Int8(sbyte value)
    {
        _buffer.WriteByte((byte)value);
        return this;
    }

    public WireWriter Int16(short value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public WireWriter Int32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public WireWriter Int64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public WireWriter String(string? value)
    {
        if (value is null)
        {
            return Int16(-1);
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Int16((short)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    public WireWriter Bytes(byte[]? value)
    {
        if (value is null)
        {
            return Int32(-1);
        }
        Int32(value.Length);
        _buffer.Write(value);
        return this;
    }

    public WireWriter Raw(ReadOnlySpan<byte> value)
    {
        _buffer.Write(value);
        return this;
    }

    public WireWriter UVarint(uint value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
        return this;
    }

    /// <summary>Zig-zag signed varint, as used inside records.</summary>
    public WireWriter Varint(long value) => UVarint64((ulong)((value << 1) ^ (value >> 63)));

    public WireWriter CompactString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        UVarint((uint)bytes.Length + 1);
        _buffer.Write(bytes);
        return this;
    }

    public WireWriter EmptyTags() => UVarint(0);

    public WireWriter Array<T>(IReadOnlyCollection<T> items, Action<WireWriter, T> write)
    {
        Int32(items.Count);
        foreach (var item in items)
        {
            write(this, item);
        }
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>A size-prefixed request frame with a v1 (or, when <paramref name="flexibleHeader"/>, v2) request header.</summary>
    public static byte[] Frame(short apiKey, short apiVersion, int correlationId, byte[] body, bool flexibleHeader = false, string clientId = "reactor-fuzz")
    {
        var header = new WireWriter().Int16(apiKey).Int16(apiVersion).Int32(correlationId).String(clientId);
        if (flexibleHeader)
        {
            header.EmptyTags();
        }
        var headerBytes = header.ToArray();
        var frame = new byte[4 + headerBytes.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, headerBytes.Length + body.Length);
        headerBytes.CopyTo(frame, 4);
        body.CopyTo(frame, 4 + headerBytes.Length);
        return frame;
    }

    private WireWriter UVarint64(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
        return this;
    }
}
