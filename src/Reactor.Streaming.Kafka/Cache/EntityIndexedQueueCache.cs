using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Caches the events of one Kafka partition (Orleans queue) in arrival order, indexed by stream, so that creating a cursor
/// and moving it cost the same whatever the number of streams (entities) sharing the partition. Memory is bounded by
/// <see cref="KafkaQueueCacheOptions.MaxCachedEvents"/> and by the partition's share of the silo's
/// <see cref="KafkaQueueCacheOptions.MaxCachedBytes"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Purge.</b> <see cref="TryPurgeFromCache"/> removes events oldest first and stops at the first event that is not
/// finished, so each purge returns the next contiguous run of what was added, in arrival order: a receiver can commit the
/// offset after the last purged event. An event is finished when every cursor of its stream has released it (see
/// <see cref="EntityIndexedQueueCacheCursor"/> for when a cursor releases), including events whose delivery failed, which
/// are purged and reported through <see cref="IDeliveryOutcomes"/> on the returned list instead of being kept.
/// </para>
/// <para>
/// <b>Streams without a cursor.</b> An event whose stream has no cursor is finished once it has stayed in the cache through
/// one full purge, that is, at the second purge after it was added. The pulling agent adds a read to the cache and, in the
/// same turn, pins a cursor at the first new event of every stream it has not seen (<c>RegisterStream</c>), which it keeps
/// until the stream's subscriptions have their own cursors; so by the first purge after the add, every stream that will be
/// delivered has a cursor, and the extra purge is a margin. Events of streams the agent knows to have no subscription (no
/// grain type subscribes to the namespace, or the subscription was removed) therefore leave within two reads and never
/// block the partition. A cursor created later for the stream starts at its oldest event still cached.
/// </para>
/// <para>
/// <b>Backpressure.</b> <see cref="GetMaxAddCount"/> is the free room, counting the events the next purge will remove, capped
/// by <see cref="KafkaQueueCacheOptions.MaxEventsPerRead"/>. The agent skips its whole read turn, the purge included, when it
/// is 0, so it is 0 only when that turn could do nothing: the cache is under pressure and its oldest event waits for a
/// delivery to its stream, not for purges (see <see cref="WaitsOnlyForDeliveries"/>). The room is the lesser of the free events and the free bytes of the partition's budget share divided
/// by the mean size of the events cached. Reading also stops while <see cref="KafkaQueueCacheOptions.MaxEventsOfNewEntities"/>
/// or more cached events belong to streams without a completed delivery: their entities are activating, subscribing or
/// receiving their first events, and reading further ahead would only queue more activations in front of the deliveries. <see cref="IsUnderPressure"/>
/// is true while any of these limits is reached, which stops the read after the purge.
/// </para>
/// <para>
/// <b>Threads.</b> The pulling agent calls the cache and its cursors from its own single-threaded turns; a lock makes them
/// safe anyway.
/// </para>
/// <para>
/// <b>Only the agent purges.</b> When the agent shuts down (queue handed over, silo stopping) it disposes every cursor and
/// drops the cache without a last purge. A purge after that would take the undelivered events of every stream for events
/// without a subscriber, so a receiver must not purge the cache itself: what it may commit at shutdown is what the agent
/// handed to <c>MessagesDeliveredAsync</c> before.
/// </para>
/// </remarks>
internal sealed partial class EntityIndexedQueueCache : IQueueCache
{
    /// <summary>The number of purges an event of a stream without cursors survives before it is finished.</summary>
    internal const int NoSubscriberPurges = 2;

    private readonly Dictionary<StreamId, StreamSlot> _slots = [];
    private readonly Queue<CachedEvent> _events = new();
    private readonly QueueId _queueId;
    private readonly int _maxCachedEvents;
    private readonly int _maxEventsPerRead;
    private readonly int _maxEventsOfNewEntities;
    private readonly int _deliveryBatchSize;
    private readonly CacheMemoryBudget _budget;
    private readonly ILogger _logger;
    private long _cachedBytes;
    private int _eventsOfNewEntities;
    private int _lastEventBytes = CachedEventSize.OverheadBytes;
    private long _nextOrdinal;
    private long _purges;
    private bool _overfilled;

    /// <summary>Initializes a new instance of the <see cref="EntityIndexedQueueCache"/> class.</summary>
    /// <param name="queueId">The queue (partition) the cache belongs to.</param>
    /// <param name="options">The validated cache options.</param>
    /// <param name="budget">The silo's cache memory budget, shared with the provider's other partitions.</param>
    /// <param name="deliveryBatchSize">The pulling agent's <see cref="StreamPullingAgentOptions.BatchContainerBatchSize"/>.</param>
    /// <param name="logger">The logger.</param>
    public EntityIndexedQueueCache(QueueId queueId, KafkaQueueCacheOptions options, CacheMemoryBudget budget, int deliveryBatchSize, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        _queueId = queueId;
        _budget = budget;
        _maxCachedEvents = options.MaxCachedEvents;
        _maxEventsPerRead = Math.Min(options.MaxEventsPerRead, options.MaxCachedEvents);
        _maxEventsOfNewEntities = options.MaxEventsOfNewEntities;
        _deliveryBatchSize = Math.Max(1, deliveryBatchSize);
        Gate = new DeliveryGate(options.MaxDeliveriesInFlight);
        _logger = logger;
        LogCreated(queueId, _maxCachedEvents, budget.MaxBytes, _maxEventsPerRead, _deliveryBatchSize);
    }

    /// <summary>Gets the number of cached events.</summary>
    public int Count
    {
        get
        {
            lock (SyncRoot)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Gets the estimated heap the cached events keep alive (<see cref="CachedEventSize"/>).</summary>
    public long CachedBytes
    {
        get
        {
            lock (SyncRoot)
            {
                return _cachedBytes;
            }
        }
    }

    /// <summary>Gets the number of cached events of streams without a completed delivery yet (entities activating, or receiving their first events).</summary>
    public int EventsOfNewEntities
    {
        get
        {
            lock (SyncRoot)
            {
                return _eventsOfNewEntities;
            }
        }
    }

    /// <summary>Gets the number of streams the index holds: streams with cached events or open cursors.</summary>
    public int StreamCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Gets the pulling agent's delivery batch size the cursors assume.</summary>
    internal int DeliveryBatchSize => _deliveryBatchSize;

    /// <summary>Gets the gate that bounds the partition's deliveries in flight; guarded by <see cref="SyncRoot"/>.</summary>
    internal DeliveryGate Gate { get; }

    /// <summary>Gets a value indicating whether the cache has room for more events (no limit reached).</summary>
    internal bool HasRoom
    {
        get
        {
            lock (SyncRoot)
            {
                return !IsFull();
            }
        }
    }

    /// <summary>Gets how many times the <see cref="Gate"/> held a stream back.</summary>
    internal long HeldBack
    {
        get
        {
            lock (SyncRoot)
            {
                return Gate.HeldBack;
            }
        }
    }

    /// <summary>Returns how many times the <see cref="Gate"/> held a stream back since the previous call.</summary>
    /// <returns>The count.</returns>
    internal long TakeUnreportedHeldBack()
    {
        lock (SyncRoot)
        {
            return Gate.TakeUnreportedHeldBack();
        }
    }

    /// <summary>Grants free delivery slots to the streams waiting for one; the receiver returns the wake-ups with its next read.</summary>
    /// <returns>The wake-ups.</returns>
    internal List<DeliveryWakeUp> TakeWakeUps()
    {
        lock (SyncRoot)
        {
            return Gate.TakeWakeUps();
        }
    }

    /// <summary>Gets the lock that guards the cache and its cursors.</summary>
    internal Lock SyncRoot { get; } = new();

    /// <summary>Gets or sets how many cached events cursors have looked at, a measure of work for tests; guarded by <see cref="SyncRoot"/>.</summary>
    internal long EntriesVisited { get; set; }

    /// <inheritdoc />
    public int GetMaxAddCount()
    {
        lock (SyncRoot)
        {
            if (WaitsOnlyForDeliveries())
            {
                return 0;
            }

            if (_eventsOfNewEntities >= _maxEventsOfNewEntities)
            {
                return 1;
            }

            var share = _budget.PartitionShare;
            var freeEvents = _maxCachedEvents - _events.Count;
            var freeBytes = share - _cachedBytes;
            var eventBytes = MeanEventBytes();
            var readBytes = _maxEventsPerRead * eventBytes;
            if (freeEvents < _maxEventsPerRead || freeBytes < readBytes)
            {
                // The agent purges right before it reads, so count what that purge will remove, up to what the read can use.
                var nextPurge = _purges + 1;
                foreach (var cachedEvent in _events)
                {
                    if ((freeEvents >= _maxEventsPerRead && freeBytes >= readBytes) || !IsFinished(cachedEvent, nextPurge))
                    {
                        break;
                    }

                    freeEvents++;
                    freeBytes += cachedEvent.Bytes;
                }
            }

            var room = Math.Min(freeEvents, freeBytes / eventBytes);

            // Not 0 here: the agent skips the purge along with the read when it gets 0, and this purge may make room.
            return (int)Math.Clamp(room, 1, _maxEventsPerRead);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// False while streams held back by the <see cref="Gate"/> can be woken, even when the cache is full: the agent reads only
    /// when the cache is not under pressure, and the read is what returns the wake-ups (with no events, see <see cref="HasRoom"/>).
    /// </remarks>
    public bool IsUnderPressure()
    {
        lock (SyncRoot)
        {
            return IsFull() && !Gate.CanWake;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A container is null or has no sequence token.</exception>
    public void AddToCache(IList<IBatchContainer> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        lock (SyncRoot)
        {
            foreach (var container in messages)
            {
                if (container is DeliveryWakeUp)
                {
                    continue;
                }

                if (container?.SequenceToken is null)
                {
                    throw new ArgumentException("Every cached batch container needs a sequence token.", nameof(messages));
                }

                var slot = GetOrAddSlot(container.StreamId);
                var cachedEvent = new CachedEvent(container, _nextOrdinal++, slot, _purges, CachedEventSize.Estimate(container));
                slot.Append(cachedEvent);
                _events.Enqueue(cachedEvent);
                _cachedBytes += cachedEvent.Bytes;
                _lastEventBytes = cachedEvent.Bytes;
                if (!slot.HasDelivered)
                {
                    slot.AwaitingFirstDelivery++;
                    _eventsOfNewEntities++;
                }
            }

            if (_events.Count > _maxCachedEvents && !_overfilled)
            {
                // Kept rather than dropped: losing events is worse than the memory. Logged once per episode.
                _overfilled = true;
                LogOverfilled(_queueId, _events.Count, _maxCachedEvents);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The list returned implements <see cref="IDeliveryOutcomes"/>.</remarks>
    public bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems)
    {
        lock (SyncRoot)
        {
            _purges++;
            PurgedEvents? purged = null;
            while (_events.TryPeek(out var cachedEvent) && IsFinished(cachedEvent, _purges))
            {
                _events.Dequeue();
                _cachedBytes -= cachedEvent.Bytes;
                var slot = cachedEvent.Slot;
                if (slot.AwaitingFirstDelivery > 0)
                {
                    // Purged before a delivery to its stream completed: no subscriber, or its cursor was closed.
                    slot.AwaitingFirstDelivery--;
                    _eventsOfNewEntities--;
                }
                slot.RemoveHead(cachedEvent);
                (purged ??= []).Add(cachedEvent);
                cachedEvent.MarkPurged();
                if (slot.IsUnused)
                {
                    _slots.Remove(slot.StreamId);
                }
            }

            if (_events.Count <= _maxCachedEvents)
            {
                _overfilled = false;
            }

            if (purged is null)
            {
                purgedItems = null;
                return false;
            }

            LogPurged(_queueId, purged.Count, purged.FailedDeliveries.Count, purged.NeverDeliveredCount, _events.Count);
            purgedItems = purged;
            return true;
        }
    }

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract in IQueueCache, so it must be implemented.
    /// <inheritdoc />
    /// <remarks>Never throws <see cref="QueueCacheMissException"/>; see <see cref="OpenCursor"/> for where the cursor starts.</remarks>
    [Obsolete("Use TryGetCacheCursor instead.")]
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) => OpenCursor(streamId, token);
#pragma warning restore CS0618

    /// <inheritdoc />
    /// <remarks>Always succeeds; see <see cref="OpenCursor"/> for where the cursor starts.</remarks>
    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(OpenCursor(streamId, token));

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="StreamSubscriptionStartPosition.EarliestAvailable"/> starts at the oldest cached event of the stream;
    /// <see cref="StreamSubscriptionStartPosition.Latest"/> at the next event added for it.
    /// </remarks>
    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursorAtPosition(StreamId streamId, StreamSubscriptionStartPosition startPosition) =>
        startPosition switch
        {
            StreamSubscriptionStartPosition.Latest => QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(OpenCursor(streamId, null)),
            StreamSubscriptionStartPosition.EarliestAvailable => QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(OpenEarliestCursor(streamId)),
            _ => throw new ArgumentOutOfRangeException(nameof(startPosition), startPosition, "The subscription start position is not defined."),
        };

    /// <summary>
    /// Opens a cursor on a stream. With a token it starts at the stream's first cached event whose token is at least the
    /// token, which is its oldest cached event when the token is older than all of them (never a cache miss); when no cached
    /// event is that new, at the stream's next event added. Without a token it starts at the stream's next event added.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="token">Where to start, or <see langword="null"/> for events added from now on.</param>
    /// <returns>The cursor, which holds the events from its start until it releases them.</returns>
    internal EntityIndexedQueueCacheCursor OpenCursor(StreamId streamId, StreamSequenceToken? token)
    {
        lock (SyncRoot)
        {
            var slot = GetOrAddSlot(streamId);
            var from = _nextOrdinal;
            var anchor = slot.Tail;
            if (token is not null)
            {
                anchor = null;
                for (var cachedEvent = slot.Head; cachedEvent is not null; cachedEvent = cachedEvent.NextInStream)
                {
                    EntriesVisited++;
                    if (Compare(cachedEvent.Container.SequenceToken, token) >= 0)
                    {
                        from = cachedEvent.Ordinal;
                        break;
                    }

                    anchor = cachedEvent;
                }
            }

            return Attach(slot, from, anchor);
        }
    }

    /// <summary>Opens a cursor at the oldest cached event of a stream, or at its next event added when none is cached.</summary>
    /// <param name="streamId">The stream.</param>
    /// <returns>The cursor.</returns>
    internal EntityIndexedQueueCacheCursor OpenEarliestCursor(StreamId streamId)
    {
        lock (SyncRoot)
        {
            var slot = GetOrAddSlot(streamId);
            return Attach(slot, slot.Head?.Ordinal ?? _nextOrdinal, null);
        }
    }

    /// <summary>Records that a delivery to a stream completed, so its events no longer count as a new entity's; called under <see cref="SyncRoot"/>.</summary>
    /// <param name="slot">The stream's index entry.</param>
    internal void MarkDelivered(StreamSlot slot)
    {
        if (!slot.HasDelivered)
        {
            slot.HasDelivered = true;
            _eventsOfNewEntities -= slot.AwaitingFirstDelivery;
            slot.AwaitingFirstDelivery = 0;
        }
    }

    /// <summary>Removes a disposed cursor, releasing what it held; called under <see cref="SyncRoot"/>.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <param name="slot">Its stream's index entry.</param>
    internal void Close(EntityIndexedQueueCacheCursor cursor, StreamSlot slot)
    {
        slot.Detach(cursor);
        if (slot.IsUnused)
        {
            _slots.Remove(slot.StreamId);
        }
    }

    private static int Compare(StreamSequenceToken left, StreamSequenceToken right)
    {
        var bySequence = left.SequenceNumber.CompareTo(right.SequenceNumber);
        return bySequence != 0 ? bySequence : left.EventIndex.CompareTo(right.EventIndex);
    }

    private EntityIndexedQueueCacheCursor Attach(StreamSlot slot, long from, CachedEvent? anchor)
    {
        var cursor = new EntityIndexedQueueCacheCursor(this, slot, from, anchor, _deliveryBatchSize);
        slot.Attach(cursor);
        return cursor;
    }

    /// <summary>
    /// Gets whether the agent's next read turn could do nothing: the cache is under pressure (no held-back stream can be
    /// woken), and its oldest event is held by a cursor of its stream, so the purge would remove nothing until a delivery
    /// moves on. The agent then skips the turn: each turn first scans every stream the partition has seen for registrations
    /// in progress, which with 12,500 entities per partition and a turn every 10 ms cost a tenth of the silo's CPU while
    /// the cache was full. Called under <see cref="SyncRoot"/>.
    /// </summary>
    private bool WaitsOnlyForDeliveries() =>
        IsFull() && !Gate.CanWake && _events.TryPeek(out var oldest) && oldest.Slot.CursorCount > 0 && !IsFinished(oldest, _purges + 1);

    private bool IsFull() =>
        _events.Count >= _maxCachedEvents || _cachedBytes >= _budget.PartitionShare || _eventsOfNewEntities >= _maxEventsOfNewEntities;

    /// <summary>The mean size of the cached events, or of the last one added when none is cached; called under <see cref="SyncRoot"/>.</summary>
    private long MeanEventBytes() => _events.Count == 0 ? _lastEventBytes : Math.Max(1, _cachedBytes / _events.Count);

    private bool IsFinished(CachedEvent cachedEvent, long purges)
    {
        var slot = cachedEvent.Slot;
        return slot.CursorCount == 0
            ? purges - cachedEvent.AddedAtPurge >= NoSubscriberPurges
            : cachedEvent.Ordinal < slot.HoldFrom;
    }

    private StreamSlot GetOrAddSlot(StreamId streamId)
    {
        if (!_slots.TryGetValue(streamId, out var slot))
        {
            slot = new StreamSlot(streamId);
            _slots.Add(streamId, slot);
        }

        return slot;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Entity-indexed cache for queue {QueueId}: at most {MaxCachedEvents} events and a share of the silo's {MaxCachedBytes} bytes, reads of at most {MaxEventsPerRead}, delivery batches of {DeliveryBatchSize}.")]
    private partial void LogCreated(QueueId queueId, int maxCachedEvents, long maxCachedBytes, int maxEventsPerRead, int deliveryBatchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache of queue {QueueId} holds {Count} events, over its limit of {MaxCachedEvents}: the receiver returned more events than the cache asked for. The events are kept.")]
    private partial void LogOverfilled(QueueId queueId, int count, int maxCachedEvents);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} events from the cache of queue {QueueId} ({Failed} failed delivery, {NeverDelivered} had no subscriber); {Remaining} remain.")]
    private partial void LogPurged(QueueId queueId, int count, int failed, int neverDelivered, int remaining);
}
