using System.Buffers.Binary;

namespace Reactor.DevBroker.Protocol;

/// <summary>Reads and validates the fixed 61-byte header of a magic-2 record batch.</summary>
internal static class RecordBatch
{
    /// <summary>The size of the batch header in bytes.</summary>
    public const int HeaderSize = 61;

    /// <summary>The bytes before batchLength's coverage starts (baseOffset + batchLength).</summary>
    public const int LogOverhead = 12;

    private const int BatchLengthOffset = 8;
    private const int LeaderEpochOffset = 12;
    private const int MagicOffset = 16;
    private const int CrcOffset = 17;
    private const int AttributesOffset = 21;
    private const int LastOffsetDeltaOffset = 23;
    private const int BaseTimestampOffset = 27;
    private const int MaxTimestampOffset = 35;
    private const int ProducerIdOffset = 43;
    private const int ProducerEpochOffset = 51;
    private const int BaseSequenceOffset = 53;
    private const int RecordCountOffset = 57;

    /// <summary>Gets the base offset.</summary>
    public static long BaseOffset(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch);

    /// <summary>Gets the batch length field (total size minus 12).</summary>
    public static int BatchLength(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]);

    /// <summary>Gets the magic byte.</summary>
    public static sbyte Magic(ReadOnlySpan<byte> batch) => (sbyte)batch[MagicOffset];

    /// <summary>Gets the stored CRC.</summary>
    public static uint Crc(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]);

    /// <summary>Gets the attributes.</summary>
    public static short Attributes(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]);

    /// <summary>Gets the last offset delta.</summary>
    public static int LastOffsetDelta(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt32BigEndian(batch[LastOffsetDeltaOffset..]);

    /// <summary>Gets the base timestamp.</summary>
    public static long BaseTimestamp(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch[BaseTimestampOffset..]);

    /// <summary>Gets the max timestamp.</summary>
    public static long MaxTimestamp(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch[MaxTimestampOffset..]);

    /// <summary>Gets the producer id (-1 when not idempotent).</summary>
    public static long ProducerId(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch[ProducerIdOffset..]);

    /// <summary>Gets the producer epoch.</summary>
    public static short ProducerEpoch(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt16BigEndian(batch[ProducerEpochOffset..]);

    /// <summary>Gets the base sequence.</summary>
    public static int BaseSequence(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt32BigEndian(batch[BaseSequenceOffset..]);

    /// <summary>Gets the record count.</summary>
    public static int RecordCount(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt32BigEndian(batch[RecordCountOffset..]);

    /// <summary>Gets the compression codec (attribute bits 0-2).</summary>
    public static int Compression(ReadOnlySpan<byte> batch) => Attributes(batch) & 0x7;

    /// <summary>Rewrites the broker-owned fields, which lie outside the CRC.</summary>
    public static void AssignOffset(Span<byte> batch, long baseOffset, int leaderEpoch)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[LeaderEpochOffset..], leaderEpoch);
    }

    /// <summary>Checks a produced batch; returns the error to report, or <see cref="KafkaErrorCode.None"/>.</summary>
    public static KafkaErrorCode Validate(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < HeaderSize || Magic(batch) != 2 || BatchLength(batch) != batch.Length - LogOverhead)
        {
            return KafkaErrorCode.CorruptMessage;
        }

        var recordCount = RecordCount(batch);
        if (recordCount <= 0 || LastOffsetDelta(batch) != recordCount - 1 || Compression(batch) > 4)
        {
            return KafkaErrorCode.CorruptMessage;
        }

        if (Crc32C.Compute(batch[AttributesOffset..]) != Crc(batch))
        {
            return KafkaErrorCode.CorruptMessage;
        }

        // Transactions are not implemented: control and transactional batches are refused outright.
        if ((Attributes(batch) & 0x30) != 0)
        {
            return KafkaErrorCode.InvalidRecord;
        }

        // Compressed records stay opaque; uncompressed ones are checked so no client is served a batch it cannot parse.
        return Compression(batch) != 0 || RecordsAreWellFormed(batch[HeaderSize..], recordCount)
            ? KafkaErrorCode.None
            : KafkaErrorCode.CorruptMessage;
    }

    /// <summary>Walks uncompressed records, checking their framing, offset deltas and field lengths.</summary>
    public static bool RecordsAreWellFormed(ReadOnlySpan<byte> records, int recordCount)
    {
        var position = 0;
        for (var i = 0; i < recordCount; i++)
        {
            if (!TryReadVarlong(records, ref position, out var length) || length <= 0 || length > records.Length - position)
            {
                return false;
            }

            var record = records.Slice(position, (int)length);
            position += (int)length;
            var p = 1;
            if (record.Length < 1
                || !TryReadVarlong(record, ref p, out _)
                || !TryReadVarlong(record, ref p, out var offsetDelta) || offsetDelta != i
                || !TrySkipField(record, ref p, allowNull: true)
                || !TrySkipField(record, ref p, allowNull: true)
                || !TryReadVarlong(record, ref p, out var headerCount) || headerCount < 0 || headerCount > record.Length)
            {
                return false;
            }

            for (var h = 0; h < headerCount; h++)
            {
                if (!TrySkipField(record, ref p, allowNull: false) || !TrySkipField(record, ref p, allowNull: true))
                {
                    return false;
                }
            }

            if (p != record.Length)
            {
                return false;
            }
        }

        return position == records.Length;
    }

    private static bool TrySkipField(ReadOnlySpan<byte> data, ref int position, bool allowNull)
    {
        if (!TryReadVarlong(data, ref position, out var length) || length < -1 || (length == -1 && !allowNull) || length > data.Length - position)
        {
            return false;
        }

        position += (int)Math.Max(length, 0);
        return true;
    }

    private static bool TryReadVarlong(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Checks the structure of a stored batch read back from disk (header fields and CRC).</summary>
    public static bool IsIntact(ReadOnlySpan<byte> batch, bool checkCrc) =>
        batch.Length >= HeaderSize
        && Magic(batch) == 2
        && BatchLength(batch) == batch.Length - LogOverhead
        && LastOffsetDelta(batch) >= 0
        && (!checkCrc || Crc32C.Compute(batch[AttributesOffset..]) == Crc(batch));
}
