using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers Fetch (key 1), v4-v11, holding the request until min-bytes arrive or max-wait passes.</summary>
internal sealed class FetchHandler(BrokerContext context)
{
    /// <summary>Handles the request.</summary>
    public async ValueTask<bool> HandleAsync(RequestHeader header, Memory<byte> body, ResponseWriter writer, CancellationToken cancellationToken)
    {
        var (topics, maxWaitMs, minBytes, maxBytes) = Parse(header.ApiVersion, body.Span);
        var deadline = Environment.TickCount64 + Math.Max(maxWaitMs, 0);
        while (true)
        {
            var (available, hasError) = Evaluate(topics, maxBytes);
            var remaining = deadline - Environment.TickCount64;
            if (available >= minBytes || hasError || remaining <= 0)
            {
                break;
            }

            var waiter = new FetchWaiter();
            foreach (var partition in topics.SelectMany(t => t.Partitions))
            {
                partition.Log?.AddWaiter(waiter);
            }

            try
            {
                // Data may have arrived between the evaluation and the registration.
                (available, _) = Evaluate(topics, maxBytes);
                if (available >= minBytes)
                {
                    break;
                }

                await Task.WhenAny(waiter.Signaled, Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                foreach (var partition in topics.SelectMany(t => t.Partitions))
                {
                    partition.Log?.RemoveWaiter(waiter);
                }
            }
        }

        // Room for every partition's records plus generous per-partition framing, so the records are read straight
        // into their final place instead of into a buffer that then doubles and copies.
        long recordBytes = 0;
        var partitionCount = 0;
        foreach (var topic in topics)
        {
            foreach (var partition in topic.Partitions)
            {
                recordBytes += partition.Log is null ? 0 : partition.Slice.Length;
                partitionCount++;
            }
        }

        writer.EnsureCapacity((int)Math.Min(recordBytes + (64L * (partitionCount + topics.Count)) + 1024, int.MaxValue));
        Write(header.ApiVersion, topics, writer);
        return true;
    }

    private (List<FetchTopicRequest> Topics, int MaxWaitMs, int MinBytes, int MaxBytes) Parse(short version, Span<byte> body)
    {
        var reader = new KafkaReader(body);
        reader.ReadInt32();
        var maxWaitMs = reader.ReadInt32();
        var minBytes = reader.ReadInt32();
        var maxBytes = reader.ReadInt32();
        reader.ReadInt8();
        if (version >= 7)
        {
            reader.ReadInt32();
            reader.ReadInt32();
        }

        var topicCount = reader.ReadArrayCount();
        var topics = new List<FetchTopicRequest>(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString();
            var topic = context.Logs.Get(name);
            var partitionCount = reader.ReadArrayCount();
            var partitions = new List<FetchPartitionRequest>(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (version >= 9)
                {
                    reader.ReadInt32();
                }

                var fetchOffset = reader.ReadInt64();
                if (version >= 5)
                {
                    reader.ReadInt64();
                }

                var partitionMaxBytes = reader.ReadInt32();
                var log = topic is not null && partition >= 0 && partition < topic.Partitions.Length ? topic.Partitions[partition] : null;
                partitions.Add(new FetchPartitionRequest(partition, log, fetchOffset, partitionMaxBytes));
            }

            topics.Add(new FetchTopicRequest(name, partitions));
        }

        // Forgotten topics (v7+) and the rack id (v11) only matter to fetch sessions and follower fetching.
        return (topics, maxWaitMs, minBytes, maxBytes <= 0 ? int.MaxValue : maxBytes);
    }

    private static (long Available, bool HasError) Evaluate(List<FetchTopicRequest> topics, int maxBytes)
    {
        long total = 0;
        var hasError = false;
        foreach (var topic in topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.Log is null)
                {
                    hasError = true;
                    continue;
                }

                var budget = (int)Math.Min(partition.MaxBytes, Math.Max(maxBytes - total, 0));
                var slice = partition.Log.Read(partition.FetchOffset, budget, atLeastOne: total == 0);
                partition.Slice = slice;
                hasError |= slice.Error != KafkaErrorCode.None;
                total += slice.Length;
            }
        }

        return (total, hasError);
    }

    private static void Write(short version, List<FetchTopicRequest> topics, ResponseWriter writer)
    {
        writer.WriteInt32(0);
        if (version >= 7)
        {
            writer.WriteError(KafkaErrorCode.None);
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(topics.Count);
        foreach (var topic in topics)
        {
            writer.WriteString(topic.Name);
            writer.WriteArrayCount(topic.Partitions.Count);
            foreach (var partition in topic.Partitions)
            {
                var slice = partition.Log is null
                    ? new FetchSlice(KafkaErrorCode.UnknownTopicOrPartition, -1, -1, null, 0, 0)
                    : partition.Slice;
                writer.WriteInt32(partition.Partition);
                writer.WriteError(slice.Error);
                writer.WriteInt64(slice.HighWatermark);
                writer.WriteInt64(slice.HighWatermark);
                if (version >= 5)
                {
                    writer.WriteInt64(slice.LogStartOffset);
                }

                writer.WriteArrayCount(0);
                if (version >= 11)
                {
                    writer.WriteInt32(-1);
                }

                WriteRecords(writer, slice);
            }
        }
    }

    private static void WriteRecords(ResponseWriter writer, FetchSlice slice)
    {
        var lengthPosition = writer.ReserveInt32();
        if (slice.Segment is null || slice.Length == 0)
        {
            writer.PatchInt32(lengthPosition, 0);
            return;
        }

        // Served from the file and, for data not yet written to it, from the partition's memory. Retention or
        // DeleteTopics may remove the segment meanwhile; then less (or nothing) is returned and the client fetches again.
        var read = slice.Segment.Read(slice.Position, writer.Reserve(slice.Length));
        writer.Truncate(lengthPosition + 4 + read);
        writer.PatchInt32(lengthPosition, read);
    }
}
