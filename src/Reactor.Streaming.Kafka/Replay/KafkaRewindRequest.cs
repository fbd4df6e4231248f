namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Asks a Kafka stream provider to read topics again from a target and rebuild the entities they feed.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaRewindRequest")]
public sealed record KafkaRewindRequest
{
    /// <summary>
    /// Gets the topics to rewind; empty means every topic of the provider. Rewind together the topics that feed an entity
    /// type: an entity is rebuilt from the replayed events only, so what it received from other topics before is not in
    /// the rebuilt state.
    /// </summary>
    [Id(0)] public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Gets the entity to rebuild, or <see langword="null"/> to rebuild every entity the topics feed.</summary>
    [Id(1)] public string? EntityId { get; init; }

    /// <summary>Gets where each partition starts reading again.</summary>
    [Id(2)] public required KafkaRewindTarget Target { get; init; }
}
