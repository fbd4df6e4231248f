using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers OffsetCommit (key 8, v2-v7) and OffsetFetch (key 9, v1-v5).</summary>
internal sealed class OffsetHandler(BrokerContext context)
{
    /// <summary>Handles OffsetCommit.</summary>
    public bool HandleCommit(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        if (version >= 7)
        {
            reader.ReadNullableString();
        }

        if (version is >= 2 and <= 4)
        {
            reader.ReadInt64();
        }

        var groupError = string.IsNullOrEmpty(groupId)
            ? KafkaErrorCode.InvalidGroupId
            : context.Groups.ValidateCommit(groupId, generation, memberId);
        if (version >= 3)
        {
            writer.WriteInt32(0);
        }

        var accepted = new List<(string Topic, int Partition, CommittedOffset Offset)>();
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
                var offset = reader.ReadInt64();
                var leaderEpoch = version >= 6 ? reader.ReadInt32() : -1;
                var metadata = reader.ReadNullableString();
                var error = groupError;
                if (error == KafkaErrorCode.None && (topic is null || partition < 0 || partition >= topic.Partitions.Length))
                {
                    error = KafkaErrorCode.UnknownTopicOrPartition;
                }

                if (error == KafkaErrorCode.None)
                {
                    accepted.Add((name, partition, new CommittedOffset(offset, leaderEpoch, metadata)));
                }

                writer.WriteInt32(partition);
                writer.WriteError(error);
            }
        }

        if (accepted.Count > 0)
        {
            context.Offsets.Commit(groupId, accepted);
        }

        return true;
    }

    /// <summary>Handles OffsetFetch; a partition never committed returns offset -1 with no error.</summary>
    public bool HandleFetch(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var topicCount = reader.ReadArrayCount();
        List<(string Topic, List<int> Partitions)> requested;
        if (topicCount < 0)
        {
            requested = [.. context.Offsets.GetAll(groupId)
                .GroupBy(o => o.Topic, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Select(o => o.Partition).Order().ToList()))];
        }
        else
        {
            requested = new(topicCount);
            for (var t = 0; t < topicCount; t++)
            {
                var name = reader.ReadString();
                var partitionCount = reader.ReadArrayCount();
                var partitions = new List<int>(Math.Max(partitionCount, 0));
                for (var p = 0; p < partitionCount; p++)
                {
                    partitions.Add(reader.ReadInt32());
                }

                requested.Add((name, partitions));
            }
        }

        if (version >= 3)
        {
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(requested.Count);
        foreach (var (topic, partitions) in requested)
        {
            writer.WriteString(topic);
            writer.WriteArrayCount(partitions.Count);
            foreach (var partition in partitions)
            {
                var committed = context.Offsets.Get(groupId, topic, partition);
                writer.WriteInt32(partition);
                writer.WriteInt64(committed?.Offset ?? -1);
                if (version >= 5)
                {
                    writer.WriteInt32(committed?.LeaderEpoch ?? -1);
                }

                writer.WriteNullableString(committed is null ? string.Empty : committed.Metadata);
                writer.WriteError(KafkaErrorCode.None);
            }
        }

        if (version >= 2)
        {
            writer.WriteError(KafkaErrorCode.None);
        }

        return true;
    }
}
