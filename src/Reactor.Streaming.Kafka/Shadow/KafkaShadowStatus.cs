using Reactor.Runtime.Shadow;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>Reports a shadow evaluation: what was asked, how far it has read, and the report once it is complete.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaShadowStatus")]
public sealed record KafkaShadowStatus
{
    /// <summary>Gets the evaluation's id.</summary>
    [Id(0)] public long Id { get; init; }

    /// <summary>Gets the request, with the topics resolved.</summary>
    [Id(1)] public required KafkaShadowRequest Request { get; init; }

    /// <summary>Gets the stage.</summary>
    [Id(2)] public KafkaShadowState State { get; init; }

    /// <summary>Gets when it started.</summary>
    [Id(3)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when it finished, or <see langword="null"/> while it runs.</summary>
    [Id(4)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets why it failed, or <see langword="null"/>.</summary>
    [Id(5)] public string? Error { get; init; }

    /// <summary>Gets each partition's progress (empty until the partitions' ranges are known).</summary>
    [Id(6)] public IReadOnlyList<KafkaShadowPartitionStatus> Partitions { get; init; } = [];

    /// <summary>Gets the records the live path would dead-letter (undecodable envelopes): counted, not dead-lettered again.</summary>
    [Id(7)] public long RecordsSkipped { get; init; }

    /// <summary>Gets the entities held so far.</summary>
    [Id(8)] public long Entities { get; init; }

    /// <summary>Gets the decisions the shadow run would have made so far in the compared range.</summary>
    [Id(9)] public long DecisionsWouldHave { get; init; }

    /// <summary>Gets the report, once <see cref="State"/> is <see cref="KafkaShadowState.Completed"/>.</summary>
    [Id(10)] public ShadowReport? Report { get; init; }

    /// <summary>Gets the records read so far, over every partition.</summary>
    public long RecordsRead => Partitions.Sum(p => p.Read);

    /// <summary>Gets the records to read, over every partition.</summary>
    public long RecordsTotal => Partitions.Sum(p => p.Total);

    /// <summary>Gets a value indicating whether the evaluation has stopped (completed, failed or cancelled).</summary>
    public bool IsFinished => State is KafkaShadowState.Completed or KafkaShadowState.Failed or KafkaShadowState.Cancelled;
}
