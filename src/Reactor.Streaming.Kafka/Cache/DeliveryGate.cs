namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Bounds the deliveries one partition's pulling agent has in flight (<see cref="Orleans.Configuration.KafkaQueueCacheOptions.MaxDeliveriesInFlight"/>)
/// and serves the streams it holds back in arrival order. Guarded by the cache's lock.
/// </summary>
/// <remarks>
/// <para>
/// Orleans' agent starts a delivery for every stream with cached events at once. With 12,500 entities per partition
/// that is thousands of grain calls queued in the scheduler, each waiting seconds behind the others with its batch, its
/// messages and its continuations, which all outlive several young collections; the write completions and checkpoint
/// calls of the same entities queue behind them. Holding a delivery back instead leaves its events in the cache, where
/// more of the entity's events join them, so the delivery that follows carries more events per grain call.
/// </para>
/// <para>
/// A cursor takes a slot when it starts a batch and gives it back when it starts the next one (the agent asks for the next
/// batch only after the previous delivery finished) or is disposed. A cursor that finds no free slot, or finds streams
/// already waiting, joins the queue and reports no data, which ends the agent's delivery loop for its stream. The agent
/// restarts a stream only when a read returns something for it, so at each read the receiver takes a wake-up
/// (<see cref="DeliveryWakeUp"/>) for as many waiting streams as there are free slots, and returns them with the events it
/// read. A woken cursor holds a grant that lets it take its slot even if others raced it there; a grant not used by the
/// next read goes back to the end of the queue. A cursor that releases its slot while others wait yields: it goes to the
/// end of the queue, so no stream keeps a slot while others wait.
/// </para>
/// </remarks>
internal sealed class DeliveryGate(int maxInFlight)
{
    private readonly Queue<EntityIndexedQueueCacheCursor> _waiting = new();
    private readonly List<EntityIndexedQueueCacheCursor> _granted = [];
    private int _outstandingGrants;
    private long _reportedHeldBack;

    /// <summary>Gets the most deliveries in flight; 0 for no limit.</summary>
    public int MaxInFlight { get; } = maxInFlight;

    /// <summary>Gets the number of deliveries in flight.</summary>
    public int InFlight { get; private set; }

    /// <summary>Gets the number of streams waiting for a slot (including closed cursors not yet dequeued).</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Gets how many times a stream was held back (joined the queue) since the gate was created.</summary>
    public long HeldBack { get; private set; }

    /// <summary>Gets a value indicating whether waiting streams can be woken now.</summary>
    public bool CanWake => MaxInFlight > 0 && _waiting.Count > 0 && InFlight + _outstandingGrants < MaxInFlight;

    /// <summary>Tries to take a slot for a cursor about to start a batch; a cursor that gets none joins the queue.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <returns>Whether it may start the batch.</returns>
    public bool TryAcquire(EntityIndexedQueueCacheCursor cursor)
    {
        if (MaxInFlight == 0)
        {
            return true;
        }

        if (cursor.Granted)
        {
            cursor.Granted = false;
            _outstandingGrants--;
            InFlight++;
            return true;
        }

        if (_waiting.Count == 0 && InFlight + _outstandingGrants < MaxInFlight)
        {
            InFlight++;
            return true;
        }

        if (!cursor.Waiting)
        {
            cursor.Waiting = true;
            _waiting.Enqueue(cursor);
            HeldBack++;
        }

        return false;
    }

    /// <summary>Returns how many streams were held back since the previous call, for the partition's counter.</summary>
    /// <returns>The count.</returns>
    public long TakeUnreportedHeldBack()
    {
        var unreported = HeldBack - _reportedHeldBack;
        _reportedHeldBack = HeldBack;
        return unreported;
    }

    /// <summary>Gives back the slot of a finished batch.</summary>
    public void Release()
    {
        if (MaxInFlight > 0)
        {
            InFlight--;
        }
    }

    /// <summary>Forgets a closed cursor's grant; its place in the queue is skipped when reached.</summary>
    /// <param name="cursor">The closed cursor.</param>
    public void Forget(EntityIndexedQueueCacheCursor cursor)
    {
        if (cursor.Granted)
        {
            cursor.Granted = false;
            _outstandingGrants--;
        }
    }

    /// <summary>Grants free slots to waiting streams, oldest first, and returns a wake-up for each.</summary>
    /// <returns>The wake-ups, empty when nothing can be woken.</returns>
    public List<DeliveryWakeUp> TakeWakeUps()
    {
        // The agent restarts a woken stream in the same turn as the read that returned its wake-up, so a grant still
        // unused now was not acted on (the stream had been restarted by an event meanwhile, or closed): back to the queue.
        foreach (var cursor in _granted)
        {
            if (cursor.Granted)
            {
                cursor.Granted = false;
                _outstandingGrants--;
                if (!cursor.Closed && !cursor.Waiting)
                {
                    cursor.Waiting = true;
                    _waiting.Enqueue(cursor);
                }
            }
        }

        _granted.Clear();
        var wakeUps = new List<DeliveryWakeUp>();
        while (CanWake)
        {
            var cursor = _waiting.Dequeue();
            cursor.Waiting = false;
            if (cursor.Closed || cursor.NextToken() is not { } token)
            {
                continue;
            }

            cursor.Granted = true;
            _outstandingGrants++;
            _granted.Add(cursor);
            wakeUps.Add(new DeliveryWakeUp(cursor.StreamId, token));
        }

        return wakeUps;
    }
}
