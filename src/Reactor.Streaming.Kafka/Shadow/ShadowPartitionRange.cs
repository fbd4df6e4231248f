using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>One partition a shadow run reads: its range, fixed at the start, and how far it has read (read from other threads).</summary>
internal sealed class ShadowPartitionRange(TopicPartition partition, long from, long end)
{
    private long _position = from;

    public TopicPartition Partition { get; } = partition;

    public long From { get; } = from;

    public long End { get; } = end;

    public long Position => Interlocked.Read(ref _position);

    public bool IsComplete => Position >= End;

    public bool Contains(long offset) => offset >= From && offset < End;

    public void ReadTo(long next) => Interlocked.Exchange(ref _position, Math.Max(Position, next));

    public KafkaShadowPartitionStatus ToStatus() => new(Partition.Topic, Partition.Partition.Value, From, End, Math.Min(Position, End));
}
