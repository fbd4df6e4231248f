using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Reads the events of one stream from an <see cref="EntityIndexedQueueCache"/>, in arrival order. Moving costs O(1):
/// the cursor follows its stream's chain and never looks at other streams' events.
/// </summary>
/// <remarks>
/// <para>
/// <b>When events count as delivered.</b> The pulling agent (Orleans 10.4.2, <c>RunConsumerCursor</c>) delivers in
/// <em>batches</em>: it calls <see cref="MoveNext"/> until it has <c>BatchContainerBatchSize</c> events or the cursor
/// reports no data, delivers them in one grain call, waits for the call to finish (retrying until
/// <c>MaxEventDeliveryTime</c>, then calling <see cref="RecordDeliveryFailure"/>), and only then calls
/// <see cref="MoveNext"/> for its next batch. So a call to <see cref="MoveNext"/> that starts a new batch proves the events of
/// the previous batch are finished, and the cursor releases them then. It tracks the batches the same way the agent builds
/// them: a batch ends after <c>BatchContainerBatchSize</c> events or with a call that finds no data. With a batch size of 1
/// every call releases the previously returned event; in particular the call that finds no data after the last event
/// releases that last event, so a stream that goes quiet leaves nothing held.
/// </para>
/// <para>
/// Events returned but not yet released stay in the cache, and so do the events after them, so the receiver never commits
/// past an event whose delivery has not finished. Disposing the cursor releases everything it held.
/// </para>
/// <para>
/// <b>Where the batch model can be off</b> (only with <c>BatchContainerBatchSize</c> &gt; 1): an <c>IStreamFilter</c>
/// that drops events makes the agent call <see cref="MoveNext"/> more often per batch, and with a rewindable adapter a
/// consumer resuming from a delivery token makes the agent skip the first event of a new cursor; in both cases the cursor
/// can release the first events of a batch in flight early, or hold the tail of a batch until the stream's next event. The
/// Kafka provider uses neither (no filters, not rewindable). From the first call that finds no data the model is exact
/// again, because the agent always ends a batch there.
/// </para>
/// </remarks>
internal sealed class EntityIndexedQueueCacheCursor : IQueueCacheCursor
{
    private readonly EntityIndexedQueueCache _cache;
    private readonly StreamSlot _slot;
    private readonly int _batchSize;

    // The last event of the stream the cursor passed (returned or skipped); the next candidate follows it.
    private CachedEvent? _anchor;

    // The ordinal of the next event the cursor may return; events of the stream below it are not for this cursor.
    private long _from;

    private CachedEvent? _current;
    private CachedEvent? _batchFirst;
    private CachedEvent? _batchLast;
    private int _batchCount;
    private bool _batchEnded = true;
    private bool _holdsSlot;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="EntityIndexedQueueCacheCursor"/> class.</summary>
    /// <param name="cache">The cache.</param>
    /// <param name="slot">The stream's index entry.</param>
    /// <param name="from">The ordinal of the first event to return.</param>
    /// <param name="anchor">An event of the stream below <paramref name="from"/> to start looking after, or <see langword="null"/> to look from the oldest.</param>
    /// <param name="batchSize">The pulling agent's <c>BatchContainerBatchSize</c>.</param>
    internal EntityIndexedQueueCacheCursor(EntityIndexedQueueCache cache, StreamSlot slot, long from, CachedEvent? anchor, int batchSize)
    {
        _cache = cache;
        _slot = slot;
        _from = from;
        _anchor = anchor;
        _batchSize = Math.Max(1, batchSize);
        HoldFrom = from;
    }

    /// <summary>Gets the lowest ordinal of the stream this cursor still holds: the events it has not released.</summary>
    internal long HoldFrom { get; private set; }

    /// <summary>Gets the stream the cursor reads.</summary>
    internal StreamId StreamId => _slot.StreamId;

    /// <summary>Gets or sets a value indicating whether the cursor is in its <see cref="DeliveryGate"/>'s queue; guarded by the cache's lock.</summary>
    internal bool Waiting { get; set; }

    /// <summary>Gets or sets a value indicating whether the cursor was woken with a slot granted; guarded by the cache's lock.</summary>
    internal bool Granted { get; set; }

    /// <summary>Gets a value indicating whether the cursor was disposed; guarded by the cache's lock.</summary>
    internal bool Closed => _disposed;

    /// <inheritdoc />
    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        lock (_cache.SyncRoot)
        {
            return _current?.Container;
        }
    }

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract in IQueueCacheCursor, so it must be implemented.
    /// <inheritdoc />
    [Obsolete("Use MoveNextWithResult instead.")]
    public bool MoveNext() => Move();
#pragma warning restore CS0618

    /// <inheritdoc />
    public QueueCacheCursorMoveResult MoveNextWithResult() => Move() ? QueueCacheCursorMoveResult.Success : QueueCacheCursorMoveResult.NoData;

    /// <inheritdoc />
    /// <remarks>Nothing to do: the cursor finds events added after it through its stream's chain.</remarks>
    public void Refresh(StreamSequenceToken token)
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Marks every event of the current batch (the events returned since the batch began) as failed. They are still
    /// released when the agent moves on, and the purge reports them in <see cref="IDeliveryOutcomes.FailedDeliveries"/>.
    /// </remarks>
    public void RecordDeliveryFailure()
    {
        lock (_cache.SyncRoot)
        {
            // Batch events are held until the next batch begins, so the chain between them is intact.
            for (var cachedEvent = _batchFirst; cachedEvent is not null; cachedEvent = cachedEvent.NextInStream)
            {
                cachedEvent.DeliveryFailed = true;
                if (ReferenceEquals(cachedEvent, _batchLast))
                {
                    break;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_cache.SyncRoot)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_holdsSlot)
            {
                _holdsSlot = false;
                _cache.Gate.Release();
            }

            _cache.Gate.Forget(this);
            _current = null;
            _batchFirst = null;
            _batchLast = null;
            _cache.Close(this, _slot);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"EntityIndexedQueueCacheCursor {_slot.StreamId}: next ordinal {_from}, holding from {HoldFrom}, batch {_batchCount}/{_batchSize}";

    /// <summary>Gets the token of the next event the cursor would return, or <see langword="null"/> when none is cached; called under the cache's lock.</summary>
    /// <returns>The token.</returns>
    internal StreamSequenceToken? NextToken() => Next()?.Container.SequenceToken;

    private CachedEvent? Next()
    {
        var next = _anchor is { Purged: false } ? _anchor.NextInStream : _slot.Head;
        while (next is not null && next.Ordinal < _from)
        {
            _anchor = next;
            next = next.NextInStream;
            _cache.EntriesVisited++;
        }

        return next;
    }

    private bool Move()
    {
        lock (_cache.SyncRoot)
        {
            if (_disposed)
            {
                return false;
            }

            if (_batchEnded)
            {
                // The agent asks for its next batch only after the previous one finished: release it.
                if (HoldFrom < _from)
                {
                    HoldFrom = _from;
                    _slot.UpdateHold();
                    _cache.MarkDelivered(_slot);
                }

                if (_holdsSlot)
                {
                    _holdsSlot = false;
                    _cache.Gate.Release();
                }

                _batchEnded = false;
                _batchCount = 0;
                _batchFirst = null;
                _batchLast = null;
            }

            var next = Next();
            if (next is null || (_batchCount == 0 && !_cache.Gate.TryAcquire(this)))
            {
                // The agent ends a batch when the cursor has no data; held back by the gate counts as none.
                _current = null;
                _batchEnded = true;
                return false;
            }

            _holdsSlot = true;

            _cache.EntriesVisited++;
            next.Returned = true;
            _anchor = next;
            _from = next.Ordinal + 1;
            _current = next;
            _batchFirst ??= next;
            _batchLast = next;
            if (++_batchCount >= _batchSize)
            {
                _batchEnded = true;
            }

            return true;
        }
    }
}
