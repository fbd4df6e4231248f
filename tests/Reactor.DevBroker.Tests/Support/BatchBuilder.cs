using System.Buffers.Binary;
using System.Text;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Tests.Support;

/// <summary>Builds uncompressed magic-2 record batches the way a producer does, for codec and storage tests.</summary>
internal static class BatchBuilder
{
    public static byte[] Build(int recordCount, long baseTimestamp = 1_000, long producerId = -1, short epoch = -1, int baseSequence = -1, short attributes = 0, int timestampStep = 10)
    {
        using var records = new ResponseWriter();
        for (var i = 0; i < recordCount; i++)
        {
            using var record = new ResponseWriter();
            record.WriteInt8(0);
            WriteVarlong(record, (long)i * timestampStep);
            record.WriteVarint(i);
            var key = Encoding.UTF8.GetBytes($"k{i}");
            var value = Encoding.UTF8.GetBytes($"value-{i}");
            record.WriteVarint(key.Length);
            record.WriteRaw(key);
            record.WriteVarint(value.Length);
            record.WriteRaw(value);
            record.WriteVarint(0);
            records.WriteVarint(record.Length);
            records.WriteRaw(record.WrittenSpan);
        }

        var batch = new byte[RecordBatch.HeaderSize + records.Length];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], batch.Length - 12);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], -1);
        span[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], recordCount - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], baseTimestamp + ((long)(recordCount - 1) * timestampStep));
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], epoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], recordCount);
        records.WrittenSpan.CopyTo(span[RecordBatch.HeaderSize..]);
        Reseal(batch);
        return batch;
    }

    public static void Reseal(byte[] batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Crc32C.Compute(batch.AsSpan(21)));

    private static void WriteVarlong(ResponseWriter writer, long value)
    {
        var raw = (ulong)((value << 1) ^ (value >> 63));
        while (raw >= 0x80)
        {
            writer.WriteInt8(unchecked((sbyte)(byte)(raw | 0x80)));
            raw >>= 7;
        }

        writer.WriteInt8(unchecked((sbyte)(byte)raw));
    }
}
