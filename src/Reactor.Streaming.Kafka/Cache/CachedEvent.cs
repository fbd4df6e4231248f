using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Holds one batch container in an <see cref="EntityIndexedQueueCache"/>: a node both of the queue's arrival order and of
/// its stream's chain.
/// </summary>
internal sealed class CachedEvent(IBatchContainer container, long ordinal, StreamSlot slot, long addedAtPurge, int bytes)
{
    private IBatchContainer? _container = container;

    /// <summary>Gets the container, as the receiver returned it; only until the event is purged.</summary>
    /// <exception cref="InvalidOperationException">The event was purged.</exception>
    public IBatchContainer Container => _container ?? throw new InvalidOperationException($"Cached event {Ordinal} was purged; its container is gone.");

    /// <summary>Gets the position of the event in the queue's arrival order (0, 1, 2, ...).</summary>
    public long Ordinal { get; } = ordinal;

    /// <summary>Gets the index entry of the event's stream.</summary>
    public StreamSlot Slot { get; } = slot;

    /// <summary>Gets how many purges the cache had run when the event was added.</summary>
    public long AddedAtPurge { get; } = addedAtPurge;

    /// <summary>Gets the heap the event keeps alive while cached, as estimated by <see cref="CachedEventSize"/>.</summary>
    public int Bytes { get; } = bytes;

    /// <summary>Gets or sets the next cached event of the same stream, or <see langword="null"/> for the newest.</summary>
    public CachedEvent? NextInStream { get; set; }

    /// <summary>Gets or sets a value indicating whether a cursor has returned the event at least once.</summary>
    public bool Returned { get; set; }

    /// <summary>Gets or sets a value indicating whether the delivery of the event to a subscription failed for good.</summary>
    public bool DeliveryFailed { get; set; }

    /// <summary>Gets a value indicating whether the event has left the cache.</summary>
    public bool Purged { get; private set; }

    /// <summary>
    /// Marks the event as gone from the cache and lets its container go. A cursor keeps the last event it passed (and its
    /// last batch) until its stream's next event arrives, often seconds later; holding the container that long made every
    /// entity's last event and payload survive young collections, which lengthened each of them.
    /// </summary>
    public void MarkPurged()
    {
        Purged = true;
        _container = null;
    }
}
