namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>Reports how far a shadow evaluation has read one partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="From">The first offset read.</param>
/// <param name="End">The offset reading stops before (the high watermark at the start, or the first offset at or after the end time).</param>
/// <param name="Position">The next offset to read.</param>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaShadowPartitionStatus")]
public sealed record KafkaShadowPartitionStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long From,
    [property: Id(3)] long End,
    [property: Id(4)] long Position)
{
    /// <summary>Gets the records read so far.</summary>
    public long Read => Math.Clamp(Position - From, 0, Total);

    /// <summary>Gets the records to read.</summary>
    public long Total => Math.Max(0, End - From);

    /// <summary>Gets a value indicating whether the partition has been read to its end.</summary>
    public bool IsComplete => Position >= End;
}
