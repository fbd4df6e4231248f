namespace Reactor.Runtime.Actions;

/// <summary>
/// Sends events that reactions emit to a topic. The in-process source feeds them back into Reactor; the Kafka
/// provider produces them to Kafka.
/// </summary>
public interface IEventEmitter
{
    /// <summary>Emits one CloudEvents JSON document to a topic, keyed by the entity id.</summary>
    /// <param name="topic">The destination topic.</param>
    /// <param name="entityId">The key: the entity the event is about.</param>
    /// <param name="cloudEventJson">The structured-mode CloudEvents JSON.</param>
    /// <param name="idempotencyKey">The action's idempotency key, carried as a header for downstream dedupe.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    Task EmitAsync(string topic, string entityId, ReadOnlyMemory<byte> cloudEventJson, string idempotencyKey, CancellationToken cancellationToken = default);
}
