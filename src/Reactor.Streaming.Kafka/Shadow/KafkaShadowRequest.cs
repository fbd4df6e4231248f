using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>Asks for a shadow evaluation: an entity type's history read again from Kafka with candidate rules or models, side effects off.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaShadowRequest")]
public sealed record KafkaShadowRequest
{
    /// <summary>Gets the entity type (the Orleans grain type, for example <c>customer</c>).</summary>
    [Id(0)] public required string EntityType { get; init; }

    /// <summary>Gets the topics to read; empty means every topic of the provider the entity type reacts to.</summary>
    [Id(1)] public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Gets where each partition starts: fold from the earliest retained event (the default) unless state before the start does not matter.</summary>
    [Id(2)] public KafkaRewindTarget From { get; init; } = KafkaRewindTarget.Earliest;

    /// <summary>Gets the time each partition stops before (its first event at or after it is not read), or <see langword="null"/> for the high watermarks at the start.</summary>
    [Id(3)] public DateTimeOffset? To { get; init; }

    /// <summary>Gets the event time from which decisions are compared (earlier events only warm the state up), or <see langword="null"/> for all.</summary>
    [Id(4)] public DateTimeOffset? CompareFrom { get; init; }

    /// <summary>Gets the rule ids whose candidate versions run in place of the live ones.</summary>
    [Id(5)] public IReadOnlyList<string> CandidateRules { get; init; } = [];

    /// <summary>Gets the models to score with in place of others, by the name reactions ask for.</summary>
    [Id(6)] public IReadOnlyDictionary<string, string> ModelOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the most entities the evaluation may hold in memory, or <see langword="null"/> for the default (100,000).</summary>
    [Id(7)] public int? MaxEntities { get; init; }

    /// <summary>Gets the most diff entries the report lists, or <see langword="null"/> for the default (100).</summary>
    [Id(8)] public int? MaxDiffEntries { get; init; }
}
