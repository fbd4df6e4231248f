namespace Reactor.Abstractions;

/// <summary>
/// Carries one validated CloudEvents 1.0 event and its log position from the transport to an entity grain.
/// The payload stays as the original JSON bytes; the grain deserializes it into the registered .NET type.
/// </summary>
[GenerateSerializer, Immutable, Alias("reactor.EventEnvelope")]
public sealed record EventEnvelope
{
    /// <summary>Gets the CloudEvents <c>id</c>.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Gets the CloudEvents <c>source</c>.</summary>
    [Id(1)] public required string Source { get; init; }

    /// <summary>Gets the CloudEvents <c>type</c>, which selects the registered .NET event type.</summary>
    [Id(2)] public required string Type { get; init; }

    /// <summary>Gets the id of the entity the event is about: the Kafka key, else the CloudEvents <c>subject</c>.</summary>
    [Id(3)] public required string EntityId { get; init; }

    /// <summary>Gets the CloudEvents <c>time</c> (event time), when the producer set one.</summary>
    [Id(4)] public DateTimeOffset? Time { get; init; }

    /// <summary>Gets the position of the event in its log.</summary>
    [Id(5)] public required LogPosition Position { get; init; }

    /// <summary>Gets the event payload (CloudEvents <c>data</c>) as UTF-8 JSON bytes.</summary>
    [Id(6)] public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Gets the time the transport received the event (the log timestamp where there is one).</summary>
    [Id(7)] public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets transport headers worth keeping (for example <c>traceparent</c>); empty when there are none.</summary>
    [Id(8)] public IReadOnlyDictionary<string, string> Headers { get; init; } = EmptyHeaders;

    /// <summary>
    /// Gets the offset of the previous event the transport delivered to this entity from the same partition in
    /// its current delivery session, or <see langword="null"/> when this is the first. An entity that has not
    /// applied that event (its activation lost events with a silo) refuses this one, so the transport rewinds
    /// and delivers again instead of leaving a gap.
    /// </summary>
    [Id(9)] public long? PreviousOffset { get; init; }

    /// <summary>
    /// Gets the replay epoch the transport stamped on the event: 0 until a topic or entity is rewound, then the id of
    /// the newest rewind covering it. An entity that meets a higher epoch than it holds for the event's topic resets its
    /// state and rebuilds it from the replayed events; an event with a lower epoch (read before the rewind) is dropped.
    /// </summary>
    [Id(10)] public long Epoch { get; init; }

    /// <summary>
    /// Gets the topics the rewind of <see cref="Epoch"/> covers, so an entity that resets marks all of them at once;
    /// empty when <see cref="Epoch"/> is 0.
    /// </summary>
    [Id(11)] public IReadOnlyList<string> EpochTopics { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether the event is replayed history (it was read before a rewind): entities apply it and
    /// evaluate rules, and reactions record their actions as <see cref="ActionOutcome.Suppressed"/> instead of running them.
    /// </summary>
    [Id(12)] public bool IsReplay { get; init; }

    /// <summary>Gets the event time used by rules and freshness: <see cref="Time"/>, else <see cref="ReceivedAt"/>.</summary>
    public DateTimeOffset EffectiveTime => Time ?? ReceivedAt;

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();
}
