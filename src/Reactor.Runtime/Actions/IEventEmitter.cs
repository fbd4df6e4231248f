namespace Reactor.Runtime.Actions;

/// <summary>
/// Sends events that reactions emit to a topic. The in-process source feeds them back into Reactor; the Kafka
/// provider produces them to Kafka.
/// </summary>
public interface IEventEmitter
{
    /// <summary>Emits one event; the call completes when the destination accepted it.</summary>
    /// <param name="emitted">The event, its destination, idempotency key and trace parent.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    Task EmitAsync(EmittedEvent emitted, CancellationToken cancellationToken = default);
}
