using System.Buffers.Binary;
using System.Text;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>A minimal big-endian reader for the few non-flexible responses the bad-input tests inspect.</summary>
internal sealed class WireReader(byte[] buffer)
{
    private int _position;

    public bool AtEnd => _position >= buffer.Length;

    public short Int16()
    {
        var value = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(_position));
        _position += 2;
        return value;
    }

    public int Int32()
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(_position));
        _position += 4;
        return value;
    }

    public long Int64()
    {
        var value = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(_position));
        _position += 8;
        return value;
    }

    public sbyte Int8() => (sbyte)buffer[_position++];

    public string? String()
    {
        var length = Int16();
        if (length < 0)
        {
            return null;
        }
        var value = Encoding.UTF8.GetString(buffer, _position, length);
        _position += length;
        return value;
    }

    public List<T> Array<T>(Func<WireReader, T> read)
    {
        var count = Int32();
        var items = new List<T>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            items.Add(read(this));
        }
        return items;
    }
}
