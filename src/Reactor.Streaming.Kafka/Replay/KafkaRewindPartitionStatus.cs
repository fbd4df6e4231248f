namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Reports one partition of a rewind.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaRewindPartitionStatus")]
public sealed record KafkaRewindPartitionStatus
{
    /// <summary>Gets the topic.</summary>
    [Id(0)] public required string Topic { get; init; }

    /// <summary>Gets the partition.</summary>
    [Id(1)] public int Partition { get; init; }

    /// <summary>Gets a value indicating whether the partition's reader has rewound (it does so at its next checkpoint).</summary>
    [Id(2)] public bool Started { get; init; }

    /// <summary>Gets the offset the partition started again at (the target, resolved and clamped to what is retained).</summary>
    [Id(3)] public long From { get; init; }

    /// <summary>Gets the offset the partition had read up to when it rewound: events below it are replayed history.</summary>
    [Id(4)] public long End { get; init; }

    /// <summary>Gets the offset below which the replay is durable (the partition's committed offset).</summary>
    [Id(5)] public long Position { get; init; }

    /// <summary>Gets a value indicating whether the partition has replayed everything below <see cref="End"/> durably.</summary>
    public bool IsComplete => Started && Position >= End;

    /// <summary>Gets the events replayed durably so far.</summary>
    public long ReplayedEvents => Started ? Math.Clamp(Position - From, 0, EventsToReplay) : 0;

    /// <summary>Gets the events to replay.</summary>
    public long EventsToReplay => Started ? Math.Max(0, End - From) : 0;

    /// <summary>Gets the fraction done, from 0 to 1.</summary>
    public double Progress => IsComplete ? 1 : EventsToReplay == 0 ? 0 : (double)ReplayedEvents / EventsToReplay;
}
