namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Indexes one stream in an <see cref="EntityIndexedQueueCache"/>: the stream's cached events, oldest first, and the
/// cursors reading them. Not thread-safe; the cache's lock guards it.
/// </summary>
internal sealed class StreamSlot(StreamId streamId)
{
    // Almost every stream has one cursor (its subscription), plus the agent's pin cursor while it registers the stream.
    private EntityIndexedQueueCacheCursor? _cursor;
    private List<EntityIndexedQueueCacheCursor>? _moreCursors;

    /// <summary>Gets the stream.</summary>
    public StreamId StreamId { get; } = streamId;

    /// <summary>Gets the oldest cached event of the stream.</summary>
    public CachedEvent? Head { get; private set; }

    /// <summary>Gets the newest cached event of the stream.</summary>
    public CachedEvent? Tail { get; private set; }

    /// <summary>Gets the number of open cursors on the stream.</summary>
    public int CursorCount { get; private set; }

    /// <summary>
    /// Gets the lowest ordinal any cursor of the stream still holds: events below it have been delivered to every cursor.
    /// <see cref="long.MaxValue"/> without cursors.
    /// </summary>
    public long HoldFrom { get; private set; } = long.MaxValue;

    /// <summary>Gets or sets a value indicating whether a delivery to the stream has completed (a cursor released a batch): its entity is active and subscribed.</summary>
    public bool HasDelivered { get; set; }

    /// <summary>Gets or sets how many of the stream's cached events arrived before it had a delivery (see <see cref="HasDelivered"/>).</summary>
    public int AwaitingFirstDelivery { get; set; }

    /// <summary>Gets a value indicating whether the slot has neither events nor cursors, so the index can drop it.</summary>
    public bool IsUnused => Head is null && CursorCount == 0;

    /// <summary>Appends an event, which must be newer than every event of the stream already cached.</summary>
    /// <param name="cachedEvent">The event.</param>
    public void Append(CachedEvent cachedEvent)
    {
        if (Tail is null)
        {
            Head = cachedEvent;
        }
        else
        {
            Tail.NextInStream = cachedEvent;
        }

        Tail = cachedEvent;
    }

    /// <summary>Removes the oldest event, which the cache purges.</summary>
    /// <param name="cachedEvent">The event; must be <see cref="Head"/>, since the cache purges in arrival order.</param>
    public void RemoveHead(CachedEvent cachedEvent)
    {
        if (!ReferenceEquals(Head, cachedEvent))
        {
            throw new InvalidOperationException("Events leave a stream's index oldest first.");
        }

        Head = cachedEvent.NextInStream;
        if (Head is null)
        {
            Tail = null;
        }

        // Cursors anchored on a purged event restart from Head; dropping the link lets the purged chain be collected.
        cachedEvent.NextInStream = null;
    }

    /// <summary>Adds a cursor.</summary>
    /// <param name="cursor">The cursor.</param>
    public void Attach(EntityIndexedQueueCacheCursor cursor)
    {
        if (_cursor is null)
        {
            _cursor = cursor;
        }
        else
        {
            (_moreCursors ??= []).Add(cursor);
        }

        CursorCount++;
        UpdateHold();
    }

    /// <summary>Removes a cursor, releasing whatever it held.</summary>
    /// <param name="cursor">The cursor.</param>
    public void Detach(EntityIndexedQueueCacheCursor cursor)
    {
        if (ReferenceEquals(_cursor, cursor))
        {
            _cursor = null;
            if (_moreCursors is { Count: > 0 })
            {
                _cursor = _moreCursors[^1];
                _moreCursors.RemoveAt(_moreCursors.Count - 1);
            }
        }
        else if (_moreCursors is null || !_moreCursors.Remove(cursor))
        {
            return;
        }

        CursorCount--;
        UpdateHold();
    }

    /// <summary>Recomputes <see cref="HoldFrom"/> after a cursor released events.</summary>
    public void UpdateHold()
    {
        var hold = _cursor?.HoldFrom ?? long.MaxValue;
        if (_moreCursors is not null)
        {
            foreach (var cursor in _moreCursors)
            {
                hold = Math.Min(hold, cursor.HoldFrom);
            }
        }

        HoldFrom = hold;
    }
}
