using Reactor.Abstractions;
using Reactor.Runtime.Grains;

namespace Reactor.Streaming.Kafka.Delivery;

/// <summary>One entity's events read from a partition and not yet applied, and its delivery state. Guarded by the pump's lock.</summary>
/// <param name="entityId">The entity id.</param>
/// <param name="targets">The entity grains of every type that reacts to the partition's topic.</param>
internal sealed class EntityMailbox(string entityId, IEntityDelivery[] targets)
{
    /// <summary>Gets the entity id.</summary>
    public string EntityId { get; } = entityId;

    /// <summary>Gets the entity grains to deliver to.</summary>
    public IEntityDelivery[] Targets { get; } = targets;

    /// <summary>Gets the events waiting for a delivery, oldest first.</summary>
    public Queue<QueuedEvent> Events { get; } = new();

    /// <summary>Gets or sets whether a delivery loop runs for this entity (a call may be in flight).</summary>
    public bool Running { get; set; }

    /// <summary>Gets or sets whether the entity waits for a free delivery slot.</summary>
    public bool Waiting { get; set; }

    /// <summary>Gets or sets whether a delivery to this entity has completed since its mailbox was opened, or shortly before.</summary>
    public bool Reached { get; set; }

    /// <summary>Gets or sets how many of the queued events count as events of a new entity.</summary>
    public int NewEntityEvents { get; set; }
}

/// <summary>An event waiting in a mailbox.</summary>
/// <param name="Envelope">The event.</param>
/// <param name="Generation">The read generation it belongs to (a rewind or restart starts a new one).</param>
/// <param name="Bytes">The heap it keeps alive, estimated, for the memory budget.</param>
internal readonly record struct QueuedEvent(EventEnvelope Envelope, int Generation, int Bytes);
