using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers Metadata (key 3), v0-v8: this node is the only broker, the controller and every leader.</summary>
internal sealed class MetadataHandler(BrokerContext context)
{
    /// <summary>Handles the request.</summary>
    public bool Handle(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayCount();
        List<string>? requested = null;

        // v0 has no null: an empty list means every topic. From v1 null means all and empty means none.
        if (count > 0 || (count == 0 && version >= 1))
        {
            requested = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                requested.Add(reader.ReadString());
            }
        }

        // Before v4 there is no flag and Kafka auto-creates when the broker allows it.
        var allowAutoCreate = version < 4 || reader.ReadBoolean();
        if (version >= 8)
        {
            reader.ReadBoolean();
            reader.ReadBoolean();
        }

        if (version >= 3)
        {
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(1);
        writer.WriteInt32(BrokerContext.NodeId);
        writer.WriteString(context.Options.Host);
        writer.WriteInt32(context.AdvertisedPort);
        if (version >= 1)
        {
            writer.WriteNullableString(null);
        }

        if (version >= 2)
        {
            writer.WriteNullableString(context.ClusterId);
        }

        if (version >= 1)
        {
            writer.WriteInt32(BrokerContext.NodeId);
        }

        if (requested is null)
        {
            var topics = context.Logs.Topics;
            writer.WriteArrayCount(topics.Count);
            foreach (var topic in topics)
            {
                WriteTopic(writer, version, topic.Name, topic);
            }
        }
        else
        {
            writer.WriteArrayCount(requested.Count);
            foreach (var name in requested)
            {
                WriteTopic(writer, version, name, context.Logs.GetOrAutoCreate(name, allowAutoCreate));
            }
        }

        if (version >= 8)
        {
            writer.WriteInt32(int.MinValue);
        }

        return true;
    }

    private static void WriteTopic(ResponseWriter writer, short version, string name, TopicLog? topic)
    {
        var error = topic is not null ? KafkaErrorCode.None
            : TopicNames.IsValid(name) ? KafkaErrorCode.UnknownTopicOrPartition
            : KafkaErrorCode.InvalidTopicException;
        writer.WriteError(error);
        writer.WriteString(name);
        if (version >= 1)
        {
            writer.WriteBoolean(false);
        }

        var partitions = topic?.Partitions.Length ?? 0;
        writer.WriteArrayCount(partitions);
        for (var p = 0; p < partitions; p++)
        {
            writer.WriteError(KafkaErrorCode.None);
            writer.WriteInt32(p);
            writer.WriteInt32(BrokerContext.NodeId);
            if (version >= 7)
            {
                writer.WriteInt32(PartitionLog.LeaderEpoch);
            }

            writer.WriteArrayCount(1);
            writer.WriteInt32(BrokerContext.NodeId);
            writer.WriteArrayCount(1);
            writer.WriteInt32(BrokerContext.NodeId);
            if (version >= 5)
            {
                writer.WriteArrayCount(0);
            }
        }

        if (version >= 8)
        {
            writer.WriteInt32(int.MinValue);
        }
    }
}
