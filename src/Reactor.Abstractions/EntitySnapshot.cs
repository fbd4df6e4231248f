using System.Text.Json;

namespace Reactor.Abstractions;

/// <summary>
/// An entity's current state as services see it: the state as JSON, how many events built it, and the
/// last log position applied per topic-partition.
/// </summary>
[GenerateSerializer, Immutable, Alias("reactor.EntitySnapshot")]
public sealed record EntitySnapshot
{
    /// <summary>Gets the entity type (the grain class name).</summary>
    [Id(0)] public required string EntityType { get; init; }

    /// <summary>Gets the entity id.</summary>
    [Id(1)] public required string EntityId { get; init; }

    /// <summary>Gets the number of events applied to the state.</summary>
    [Id(2)] public required long StateVersion { get; init; }

    /// <summary>Gets the last applied offset per topic-partition (keys as <c>topic/partition</c>).</summary>
    [Id(3)] public required IReadOnlyDictionary<string, long> Positions { get; init; }

    /// <summary>Gets the state serialized as JSON (camelCase, System.Text.Json).</summary>
    [Id(4)] public required string StateJson { get; init; }

    /// <summary>Deserializes the state into <typeparamref name="TState"/>.</summary>
    /// <typeparam name="TState">The entity's state type.</typeparam>
    /// <returns>The state.</returns>
    public TState GetState<TState>() =>
        JsonSerializer.Deserialize<TState>(StateJson, ReactorJson.Options)
        ?? throw new InvalidOperationException($"The state of entity '{EntityId}' is null.");
}
