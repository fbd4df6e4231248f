namespace Reactor.Streaming.Kafka.Replay;

/// <summary>The stored state of a provider's <see cref="KafkaRewindGrain"/>: every rewind and its partitions' progress.</summary>
internal sealed class KafkaRewindLog
{
    public long LastId { get; set; }

    public List<KafkaRewindEntry> Rewinds { get; set; } = [];
}

/// <summary>One stored rewind.</summary>
internal sealed class KafkaRewindEntry
{
    public long Id { get; set; }

    public List<string> Topics { get; set; } = [];

    public string? EntityId { get; set; }

    public KafkaRewindTargetKind TargetKind { get; set; }

    public long TargetOffset { get; set; }

    public DateTimeOffset? TargetTimestamp { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public List<KafkaRewindPartitionEntry> Partitions { get; set; } = [];

    public KafkaRewindTarget Target => TargetKind switch
    {
        KafkaRewindTargetKind.Offset => KafkaRewindTarget.AtOffset(TargetOffset),
        KafkaRewindTargetKind.Timestamp => KafkaRewindTarget.AtTime(TargetTimestamp!.Value),
        _ => KafkaRewindTarget.Earliest,
    };
}

/// <summary>One partition of a stored rewind.</summary>
internal sealed class KafkaRewindPartitionEntry
{
    public string Topic { get; set; } = "";

    public int Partition { get; set; }

    public bool Started { get; set; }

    public long From { get; set; }

    public long End { get; set; }

    public long Committed { get; set; }

    public long Position { get; set; }

    public bool IsComplete => Started && Position >= End;
}
