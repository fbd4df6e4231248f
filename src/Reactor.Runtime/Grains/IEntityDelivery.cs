using Orleans.Concurrency;
using Reactor.Abstractions;

namespace Reactor.Runtime.Grains;

/// <summary>
/// How a transport hands an entity its events directly, one grain call per batch, without a stream subscription in
/// between. Every <see cref="EntityGrain{TState}"/> implements it; the events go through the same path as stream
/// deliveries (dedupe by log position, rules, dead letters, persistence).
/// </summary>
/// <remarks>
/// The caller keeps each entity's events in log order and has at most one call per entity in flight, as a stream's
/// pulling agent does. It is public so that Orleans can generate its proxy; applications do not call it.
/// </remarks>
public interface IEntityDelivery : IGrainWithStringKey
{
    /// <summary>Applies one event.</summary>
    /// <param name="item">The event.</param>
    /// <returns>A task that completes when the event is applied (or dropped as a duplicate, or dead-lettered).</returns>
    [Alias("DeliverOne")]
    Task DeliverAsync(EventEnvelope item);

    /// <summary>Applies events of this entity in order.</summary>
    /// <param name="items">The events, oldest first.</param>
    /// <returns>A task that completes when every event is applied (or dropped as a duplicate, or dead-lettered).</returns>
    [Alias("DeliverMany")]
    Task DeliverAsync(Immutable<EventEnvelope[]> items);
}
