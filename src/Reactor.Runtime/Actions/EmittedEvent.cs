namespace Reactor.Runtime.Actions;

/// <summary>An event a reaction emits: where it goes, its CloudEvents JSON, and what downstream systems need to dedupe and trace it.</summary>
/// <param name="Topic">The destination topic.</param>
/// <param name="EntityId">The key: the entity the event is about.</param>
/// <param name="CloudEventJson">The structured-mode CloudEvents JSON.</param>
/// <param name="IdempotencyKey">The action's idempotency key, the same on every retry.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the triggering event, when it had one.</param>
public sealed record EmittedEvent(
    string Topic,
    string EntityId,
    ReadOnlyMemory<byte> CloudEventJson,
    string IdempotencyKey,
    string? TraceParent = null)
{
    /// <summary>The header that carries <see cref="IdempotencyKey"/>.</summary>
    public const string IdempotencyKeyHeader = "reactor-idempotency-key";

    /// <summary>The W3C trace-context header.</summary>
    public const string TraceParentHeader = "traceparent";
}
