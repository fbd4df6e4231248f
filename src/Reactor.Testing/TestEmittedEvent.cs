using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Testing;

/// <summary>Describes an event a reaction emitted during a test.</summary>
/// <param name="Topic">The destination topic.</param>
/// <param name="EntityId">The entity the event is about (its key).</param>
/// <param name="Type">The CloudEvents type.</param>
/// <param name="Data">The event's payload as JSON.</param>
/// <param name="IdempotencyKey">The action's idempotency key.</param>
public sealed record TestEmittedEvent(string Topic, string EntityId, string Type, JsonElement Data, string IdempotencyKey)
{
    /// <summary>Deserializes the payload.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <returns>The event.</returns>
    public TEvent As<TEvent>() => Data.Deserialize<TEvent>(ReactorJson.Options)
        ?? throw new InvalidOperationException($"The emitted '{Type}' event has no payload.");
}
