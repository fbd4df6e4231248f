namespace Reactor.Streaming.Kafka.Replay;

/// <summary>One rewind as a partition reader sees it (see <see cref="IKafkaRewindGrain.GetPartitionRewindsAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaPartitionRewind")]
public sealed record KafkaPartitionRewind
{
    /// <summary>Gets the rewind's id (its replay epoch).</summary>
    [Id(0)] public long Id { get; init; }

    /// <summary>Gets the rewound topics.</summary>
    [Id(1)] public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Gets the rebuilt entity, or <see langword="null"/> for all.</summary>
    [Id(2)] public string? EntityId { get; init; }

    /// <summary>Gets the target.</summary>
    [Id(3)] public required KafkaRewindTarget Target { get; init; }

    /// <summary>Gets a value indicating whether this partition has rewound for it.</summary>
    [Id(4)] public bool Started { get; init; }

    /// <summary>Gets the offset the partition started again at.</summary>
    [Id(5)] public long From { get; init; }

    /// <summary>Gets the offset the partition had read up to: events below it are replayed history.</summary>
    [Id(6)] public long End { get; init; }

    /// <summary>Gets the offset the partition had committed when it rewound: other entities' events below it need no redelivery.</summary>
    [Id(7)] public long Committed { get; init; }

    /// <summary>Gets the partition's durable progress.</summary>
    [Id(8)] public long Position { get; init; }
}
