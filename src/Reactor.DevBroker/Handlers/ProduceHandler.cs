using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers Produce (key 0), v3-v8: validates each batch and appends it as received.</summary>
internal sealed class ProduceHandler(BrokerContext context)
{
    /// <summary>Handles the request; returns false for acks=0, which gets no response.</summary>
    /// <param name="header">The request header.</param>
    /// <param name="body">The request body, inside <paramref name="buffer"/> from <paramref name="bodyOffset"/>.</param>
    /// <param name="buffer">The frame's shared buffer: stored batches stay in it, by reference, until written to disk.</param>
    /// <param name="bodyOffset">Where <paramref name="body"/> starts in <paramref name="buffer"/>.</param>
    /// <param name="writer">Receives the response.</param>
    public bool Handle(RequestHeader header, Span<byte> body, SharedBuffer buffer, int bodyOffset, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var transactionalId = reader.ReadNullableString();
        var acks = reader.ReadInt16();
        reader.ReadInt32();
        var validAcks = acks is -1 or 0 or 1;
        var topicCount = reader.ReadArrayCount();
        writer.WriteArrayCount(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString();
            writer.WriteString(name);
            var topic = context.Logs.GetOrAutoCreate(name, allowAutoCreate: true);
            var partitionCount = reader.ReadArrayCount();
            writer.WriteArrayCount(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                var records = reader.ReadNullableBytes(out _);
                AppendResult result;
                if (!validAcks)
                {
                    result = new AppendResult(KafkaErrorCode.InvalidRequiredAcks, -1, -1);
                }
                else if (transactionalId is not null)
                {
                    result = new AppendResult(KafkaErrorCode.TransactionalIdAuthorizationFailed, -1, -1);
                }
                else if (topic is null || partition < 0 || partition >= topic.Partitions.Length)
                {
                    result = new AppendResult(
                        TopicNames.IsValid(name) ? KafkaErrorCode.UnknownTopicOrPartition : KafkaErrorCode.InvalidTopicException, -1, -1);
                }
                else
                {
                    var error = RecordBatch.Validate(records);
                    result = error == KafkaErrorCode.None
                        ? topic.Partitions[partition].Append(buffer, bodyOffset + reader.Position - records.Length, records.Length)
                        : new AppendResult(error, -1, -1);
                }

                WritePartition(writer, version, partition, result);
            }
        }

        writer.WriteInt32(0);
        return acks != 0;
    }

    private static void WritePartition(ResponseWriter writer, short version, int partition, AppendResult result)
    {
        writer.WriteInt32(partition);
        writer.WriteError(result.Error);
        writer.WriteInt64(result.BaseOffset);
        writer.WriteInt64(-1);
        if (version >= 5)
        {
            writer.WriteInt64(result.LogStartOffset);
        }

        if (version >= 8)
        {
            writer.WriteArrayCount(0);
            writer.WriteNullableString(result.Error == KafkaErrorCode.None ? null : result.Error.ToString());
        }
    }
}
