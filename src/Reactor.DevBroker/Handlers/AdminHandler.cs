using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers CreateTopics (key 19, v0-v4), DeleteTopics (key 20, v0-v3) and InitProducerId (key 22, v0-v1).</summary>
internal sealed class AdminHandler(BrokerContext context)
{
    /// <summary>Creates a topic; a storage failure answers that topic with KAFKA_STORAGE_ERROR and its reason instead of costing the client its connection.</summary>
    private (KafkaErrorCode Error, string? Message) CreateTopic(string name, int partitions, bool validateOnly)
    {
        try
        {
            var outcome = context.Logs.Create(name, partitions, validateOnly);
            return (outcome.Error, outcome.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BrokerLog.CreateTopicFailed(context.Logger, name, ex);
            return (KafkaErrorCode.KafkaStorageError, $"The dev broker could not create topic '{name}' in its data directory: {ex.Message}");
        }
    }

    /// <summary>Handles CreateTopics; topic configs are accepted and ignored.</summary>
    public bool HandleCreateTopics(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayCount();
        var topics = new List<(string Name, int Partitions, short Replication, bool BadAssignment)>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var partitions = reader.ReadInt32();
            var replication = reader.ReadInt16();
            var assignmentCount = reader.ReadArrayCount();
            var badAssignment = false;
            for (var a = 0; a < assignmentCount; a++)
            {
                reader.ReadInt32();
                var brokers = reader.ReadArrayCount();
                for (var b = 0; b < brokers; b++)
                {
                    badAssignment |= reader.ReadInt32() != BrokerContext.NodeId || brokers != 1;
                }
            }

            if (assignmentCount > 0)
            {
                partitions = partitions == -1 ? assignmentCount : partitions;
                badAssignment |= partitions != assignmentCount;
            }

            var configCount = reader.ReadArrayCount();
            for (var c = 0; c < configCount; c++)
            {
                reader.ReadString();
                reader.ReadNullableString();
            }

            topics.Add((name, partitions, replication, badAssignment));
        }

        reader.ReadInt32();
        var validateOnly = version >= 1 && reader.ReadBoolean();
        if (version >= 2)
        {
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(topics.Count);
        foreach (var (name, partitions, replication, badAssignment) in topics)
        {
            KafkaErrorCode error;
            string? message;
            if (badAssignment)
            {
                (error, message) = (KafkaErrorCode.InvalidReplicaAssignment, "The dev broker has one node, id 0; every replica list must be [0].");
            }
            else if (replication is not (1 or -1))
            {
                (error, message) = (KafkaErrorCode.InvalidReplicationFactor, $"Replication factor {replication} is larger than the 1 available broker.");
            }
            else if (partitions is 0 or < -1)
            {
                (error, message) = (KafkaErrorCode.InvalidPartitions, $"Number of partitions {partitions} must be positive.");
            }
            else
            {
                (error, message) = CreateTopic(name, partitions == -1 ? context.Options.DefaultPartitions : partitions, validateOnly);
            }

            writer.WriteString(name);
            writer.WriteError(error);
            if (version >= 1)
            {
                writer.WriteNullableString(message);
            }
        }

        return true;
    }

    /// <summary>Handles DeleteTopics; the topic's committed group offsets go with it.</summary>
    public bool HandleDeleteTopics(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayCount();
        var names = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            names.Add(reader.ReadString());
        }

        if (header.ApiVersion >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(names.Count);
        foreach (var name in names)
        {
            var error = context.Logs.Delete(name);
            if (error == KafkaErrorCode.None)
            {
                context.Offsets.DeleteTopic(name);
            }

            writer.WriteString(name);
            writer.WriteError(error);
        }

        return true;
    }

    /// <summary>Handles InitProducerId for idempotent (non-transactional) producers.</summary>
    public bool HandleInitProducerId(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        _ = header;
        var reader = new KafkaReader(body);
        var transactionalId = reader.ReadNullableString();
        reader.ReadInt32();
        writer.WriteInt32(0);
        if (transactionalId is not null)
        {
            writer.WriteError(KafkaErrorCode.TransactionalIdAuthorizationFailed);
            writer.WriteInt64(-1);
            writer.WriteInt16(-1);
            return true;
        }

        writer.WriteError(KafkaErrorCode.None);
        writer.WriteInt64(context.NextProducerId());
        writer.WriteInt16(0);
        return true;
    }
}
