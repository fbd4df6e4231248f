using System.IO.Compression;
using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers ListOffsets (key 2), v1-v5: earliest (-2), latest (-1) and first offset at or after a timestamp.</summary>
internal sealed class ListOffsetsHandler(BrokerContext context)
{
    private const long Latest = -1;
    private const long Earliest = -2;

    /// <summary>Handles the request.</summary>
    public bool Handle(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        reader.ReadInt32();
        if (version >= 2)
        {
            reader.ReadInt8();
        }

        if (version >= 2)
        {
            writer.WriteInt32(0);
        }

        var topicCount = reader.ReadArrayCount();
        writer.WriteArrayCount(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString();
            var topic = context.Logs.Get(name);
            writer.WriteString(name);
            var partitionCount = reader.ReadArrayCount();
            writer.WriteArrayCount(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (version >= 4)
                {
                    reader.ReadInt32();
                }

                var timestamp = reader.ReadInt64();
                writer.WriteInt32(partition);
                if (topic is null || partition < 0 || partition >= topic.Partitions.Length)
                {
                    writer.WriteError(KafkaErrorCode.UnknownTopicOrPartition);
                    writer.WriteInt64(-1);
                    writer.WriteInt64(-1);
                }
                else
                {
                    var (offset, foundTimestamp) = Lookup(topic.Partitions[partition], timestamp);
                    writer.WriteError(KafkaErrorCode.None);
                    writer.WriteInt64(foundTimestamp);
                    writer.WriteInt64(offset);
                }

                if (version >= 4)
                {
                    writer.WriteInt32(PartitionLog.LeaderEpoch);
                }
            }
        }

        return true;
    }

    /// <summary>Finds the offset for a ListOffsets timestamp query.</summary>
    internal static (long Offset, long Timestamp) Lookup(PartitionLog log, long timestamp)
    {
        switch (timestamp)
        {
            case Latest:
                return (log.HighWatermark, -1);
            case Earliest:
                return (log.LogStartOffset, -1);
            case < 0:
                return (-1, -1);
        }

        var found = log.FindBatchByTimestamp(timestamp);
        if (found is null)
        {
            return (-1, -1);
        }

        var (baseOffset, batch) = found.Value;
        return FindInBatch(batch, baseOffset, timestamp);
    }

    private static (long Offset, long Timestamp) FindInBatch(byte[] batch, long baseOffset, long timestamp)
    {
        var maxTimestamp = RecordBatch.MaxTimestamp(batch);
        var attributes = RecordBatch.Attributes(batch);
        if ((attributes & 0x08) != 0)
        {
            // LogAppendTime: every record carries the batch's max timestamp.
            return (baseOffset, maxTimestamp);
        }

        byte[] records;
        switch (attributes & 0x07)
        {
            case 0:
                records = batch[RecordBatch.HeaderSize..];
                break;
            case 1:
                using (var input = new MemoryStream(batch, RecordBatch.HeaderSize, batch.Length - RecordBatch.HeaderSize))
                using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                using (var output = new MemoryStream())
                {
                    gzip.CopyTo(output);
                    records = output.ToArray();
                }

                break;
            default:
                // Snappy, LZ4 and zstd are not decoded: answer at batch granularity.
                return (baseOffset, maxTimestamp);
        }

        var baseTimestamp = RecordBatch.BaseTimestamp(batch);
        var count = RecordBatch.RecordCount(batch);
        var reader = new KafkaReader(records);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var length = reader.ReadVarint();
                var start = reader.Position;
                reader.ReadInt8();
                var recordTimestamp = baseTimestamp + reader.ReadVarlong();
                var offsetDelta = reader.ReadVarint();
                if (recordTimestamp >= timestamp)
                {
                    return (baseOffset + offsetDelta, recordTimestamp);
                }

                reader.Skip(length - (reader.Position - start));
            }
        }
        catch (ProtocolException)
        {
            // A batch the client compressed in an unexpected way: fall back to batch granularity.
        }

        return (baseOffset, maxTimestamp);
    }
}
