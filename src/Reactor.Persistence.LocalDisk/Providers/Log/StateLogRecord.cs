using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// Encodes and decodes state log records. A record is a 16-byte header (magic <c>RSLG</c>, format version, reserved
/// flags, payload length, CRC-32C of the payload; little-endian) followed by the payload: the record kind, the state
/// name, the grain type and key, the ETag, and the state document exactly as the file layout stores it.
/// </summary>
internal static class StateLogRecord
{
    /// <summary>The size of the fixed header.</summary>
    public const int HeaderSize = 16;

    /// <summary>The format version this code writes and reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The largest payload accepted when reading; a larger length in a header means the header is damaged.</summary>
    public const int MaxPayloadLength = 512 * 1024 * 1024;

    /// <summary>The first four bytes of every record, "RSLG".</summary>
    public static ReadOnlySpan<byte> Magic => "RSLG"u8;

    /// <summary>Encodes a record holding a state document.</summary>
    /// <param name="key">The state name and grain.</param>
    /// <param name="etag">The document's ETag.</param>
    /// <param name="document">The document (<see cref="StateFile.Serialize{T}"/> or <see cref="StateFile.SerializeCleared"/>).</param>
    /// <returns>The whole record, header included.</returns>
    public static byte[] EncodeDocument(StateLogKey key, string etag, ReadOnlySpan<byte> document) =>
        Encode(StateLogRecordKind.Document, key, etag, document);

    /// <summary>Encodes a deletion tombstone.</summary>
    /// <param name="key">The state name and grain.</param>
    /// <returns>The whole record, header included.</returns>
    public static byte[] EncodeTombstone(StateLogKey key) => Encode(StateLogRecordKind.Tombstone, key, null, []);

    /// <summary>Reads a header, checking its magic, version and length.</summary>
    /// <param name="header">At least <see cref="HeaderSize"/> bytes.</param>
    /// <param name="payloadLength">The payload length.</param>
    /// <param name="crc">The stored CRC-32C of the payload.</param>
    /// <returns><see langword="false"/> when the header is not a valid record header.</returns>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out int payloadLength, out uint crc)
    {
        payloadLength = 0;
        crc = 0;
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(header[4..]) != FormatVersion)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (length is <= 0 or > MaxPayloadLength)
        {
            return false;
        }

        payloadLength = length;
        crc = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        return true;
    }

    /// <summary>Checks a payload against the CRC-32C stored in its header.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="crc">The stored CRC.</param>
    /// <returns><see langword="true"/> when they match.</returns>
    public static bool IsIntact(ReadOnlySpan<byte> payload, uint crc) => Crc32C(payload) == crc;

    /// <summary>Decodes a payload (whose CRC has been checked).</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="record">The decoded record; its document is a slice of <paramref name="payload"/>.</param>
    /// <returns><see langword="false"/> when the payload is malformed.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, out StateLogPayload record)
    {
        record = default;
        var span = payload.Span;
        if (span.Length < 1)
        {
            return false;
        }

        var kind = (StateLogRecordKind)span[0];
        if (kind is not (StateLogRecordKind.Document or StateLogRecordKind.Tombstone))
        {
            return false;
        }

        var position = 1;
        if (!TryReadField(span, ref position, 2, out var stateName)
            || !TryReadField(span, ref position, 2, out var grainType)
            || !TryReadField(span, ref position, 4, out var grainKey)
            || !TryReadField(span, ref position, 1, out var etag))
        {
            return false;
        }

        if ((kind == StateLogRecordKind.Document) == etag.IsEmpty)
        {
            return false;
        }

        var grainId = GrainId.Create(StateLogNames.InternGrainType(grainType), new IdSpan(grainKey.ToArray()));
        var key = new StateLogKey(StateLogNames.Intern(stateName), grainId);
        record = new StateLogPayload(kind, key, etag.IsEmpty ? null : Encoding.ASCII.GetString(etag), payload[position..]);
        return true;
    }

    private static byte[] Encode(StateLogRecordKind kind, StateLogKey key, string? etag, ReadOnlySpan<byte> document)
    {
        var stateName = Encoding.UTF8.GetBytes(key.StateName);
        var grainType = key.GrainId.Type.AsSpan();
        var grainKey = key.GrainId.Key.AsSpan();
        var etagLength = etag is null ? 0 : Encoding.ASCII.GetByteCount(etag);
        if (stateName.Length > ushort.MaxValue || grainType.Length > ushort.MaxValue || etagLength > byte.MaxValue)
        {
            throw new ArgumentException($"The state name, grain type or ETag of {key} is too long for the state log.", nameof(key));
        }

        var payloadLength = 1 + 2 + stateName.Length + 2 + grainType.Length + 4 + grainKey.Length + 1 + etagLength + document.Length;
        var record = new byte[HeaderSize + payloadLength];
        var payload = record.AsSpan(HeaderSize);
        payload[0] = (byte)kind;
        var position = 1;
        WriteField(payload, ref position, 2, stateName);
        WriteField(payload, ref position, 2, grainType);
        WriteField(payload, ref position, 4, grainKey);
        payload[position++] = (byte)etagLength;
        if (etag is not null)
        {
            position += Encoding.ASCII.GetBytes(etag, payload[position..]);
        }

        document.CopyTo(payload[position..]);

        var header = record.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Crc32C(payload));
        return record;
    }

    private static void WriteField(Span<byte> payload, ref int position, int lengthSize, ReadOnlySpan<byte> value)
    {
        switch (lengthSize)
        {
            case 1:
                payload[position] = (byte)value.Length;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(payload[position..], (ushort)value.Length);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(payload[position..], value.Length);
                break;
        }

        position += lengthSize;
        value.CopyTo(payload[position..]);
        position += value.Length;
    }

    private static bool TryReadField(ReadOnlySpan<byte> payload, ref int position, int lengthSize, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (payload.Length - position < lengthSize)
        {
            return false;
        }

        var length = lengthSize switch
        {
            1 => payload[position],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(payload[position..]),
            _ => BinaryPrimitives.ReadInt32LittleEndian(payload[position..]),
        };
        position += lengthSize;
        if (length < 0 || payload.Length - position < length)
        {
            return false;
        }

        value = payload.Slice(position, length);
        position += length;
        return true;
    }

    /// <summary>Computes the CRC-32C (Castagnoli) of some bytes, with the CPU's CRC instruction where there is one.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The CRC, as <c>crc32c</c> tools print it (0xE3069283 for "123456789").</returns>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        // System.IO.Hashing has only the IEEE polynomial; BitOperations.Crc32C is the Castagnoli one.
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
