using Confluent.Kafka;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>Finds offsets in a partition: where a rewind or shadow target starts, and the first event at or after a time.</summary>
internal static class KafkaOffsets
{
    /// <summary>Gets where <paramref name="target"/> starts in the partition, clamped to what it retains.</summary>
    public static long Resolve(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, KafkaRewindTarget target, WatermarkOffsets watermarks, TimeSpan timeout)
    {
        var offset = target.Kind switch
        {
            KafkaRewindTargetKind.Offset => target.Offset,
            KafkaRewindTargetKind.Timestamp => AtOrAfter(consumer, partition, target.Timestamp!.Value, watermarks.High.Value, timeout),
            _ => watermarks.Low.Value,
        };
        return Math.Clamp(offset, watermarks.Low.Value, watermarks.High.Value);
    }

    /// <summary>Finds the partition's first event at or after <paramref name="time"/>; <paramref name="high"/> when there is none.</summary>
    public static long AtOrAfter(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, DateTimeOffset time, long high, TimeSpan timeout)
    {
        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(time))], timeout).Single().Offset;
        return found == Offset.End || found.Value < 0 ? high : found.Value;
    }
}
