using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>Builds a RecordBatch v2 (magic 2) from the protocol specification, with a correct CRC-32C unless told otherwise.</summary>
internal static class RecordBatchBuilder
{
    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;
    public const int HeaderSize = 61;

    public static byte[] Build(IReadOnlyList<(string? Key, string? Value)> records, short attributes = 0, long producerId = -1, short producerEpoch = -1, int baseSequence = -1, long timestamp = 1_700_000_000_000)
    {
        var body = new WireWriter();
        for (var i = 0; i < records.Count; i++)
        {
            var record = new WireWriter()
                .Int8(0)
                .Varint(0)
                .Varint(i);
            WriteVarBytes(record, records[i].Key);
            WriteVarBytes(record, records[i].Value);
            record.Varint(0);
            var recordBytes = record.ToArray();
            body.Varint(recordBytes.Length).Raw(recordBytes);
        }
        var recordsBytes = body.ToArray();

        var batch = new WireWriter()
            .Int64(0)                                   // baseOffset
            .Int32(HeaderSize - 12 + recordsBytes.Length) // batchLength
            .Int32(-1)                                  // partitionLeaderEpoch
            .Int8(2)                                    // magic
            .Int32(0)                                   // crc, filled below
            .Int16(attributes)
            .Int32(records.Count - 1)                   // lastOffsetDelta
            .Int64(timestamp)
            .Int64(timestamp)
            .Int64(producerId)
            .Int16(producerEpoch)
            .Int32(baseSequence)
            .Int32(records.Count)
            .Raw(recordsBytes)
            .ToArray();
        FixCrc(batch);
        return batch;
    }

    /// <summary>Recomputes the CRC-32C over [attributes, end), as a producer would after editing the batch.</summary>
    public static void FixCrc(byte[] batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(CrcOffset), Crc32C(batch.AsSpan(AttributesOffset)));

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static void WriteVarBytes(WireWriter writer, string? value)
    {
        if (value is null)
        {
            writer.Varint(-1);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Varint(bytes.Length).Raw(bytes);
    }
}
