namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Reports a rewind: what was asked, and how far each partition has replayed.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaRewindStatus")]
public sealed record KafkaRewindStatus
{
    /// <summary>Gets the rewind's id, which is also the replay epoch stamped on the events it replays.</summary>
    [Id(0)] public long Id { get; init; }

    /// <summary>Gets the rewound topics.</summary>
    [Id(1)] public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Gets the rebuilt entity, or <see langword="null"/> when every entity of the topics is rebuilt.</summary>
    [Id(2)] public string? EntityId { get; init; }

    /// <summary>Gets where the partitions start again.</summary>
    [Id(3)] public required KafkaRewindTarget Target { get; init; }

    /// <summary>Gets when the rewind was asked for.</summary>
    [Id(4)] public DateTimeOffset RequestedAt { get; init; }

    /// <summary>Gets every partition of the rewound topics and its progress.</summary>
    [Id(5)] public IReadOnlyList<KafkaRewindPartitionStatus> Partitions { get; init; } = [];

    /// <summary>Gets a value indicating whether every partition has replayed, durably, all it had read before the rewind.</summary>
    public bool IsComplete => Partitions.Count > 0 && Partitions.All(p => p.IsComplete);

    /// <summary>Gets the events replayed durably so far, summed over the partitions that started.</summary>
    public long ReplayedEvents => Partitions.Sum(p => p.ReplayedEvents);

    /// <summary>Gets the events to replay, summed over the partitions that started.</summary>
    public long EventsToReplay => Partitions.Sum(p => p.EventsToReplay);

    /// <summary>Gets the fraction done, from 0 to 1: partitions that have not started count as 0.</summary>
    public double Progress => Partitions.Count == 0 ? 0 : Partitions.Average(p => p.Progress);
}
