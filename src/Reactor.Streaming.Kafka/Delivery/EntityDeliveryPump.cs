using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Reactor.Abstractions;
using Reactor.Runtime.Grains;
using Reactor.Streaming.Kafka.Cache;

namespace Reactor.Streaming.Kafka.Delivery;

/// <summary>
/// Hands one partition's events to their entity grains directly: one mailbox per entity with events read and not yet
/// applied, at most one grain call per entity in flight, the events that arrived meanwhile carried by its next call.
/// The receiver enqueues in its read turns and collects what was delivered in the next one.
/// </summary>
/// <remarks>
/// This replaces, for topics only entities react to, the pulling agent's path (a cache cursor per stream, a call to the
/// grain's stream extension, its retry wrapper and subscription handle per delivery), which was half of the CPU an event
/// cost when every event is a grain call of its own (docs/benchmarks.md, "The live path"). What it keeps: order per
/// entity, bounded memory (events, bytes and events of new entities, as the cache bounded them), a bounded number of calls
/// in flight with waiting entities served in turn, retries until <see cref="DeliveryLimits.MaxDeliveryTime"/>, and the
/// receiver's view of which offsets were delivered, which its checkpoints are built on.
/// </remarks>
internal sealed partial class EntityDeliveryPump
{
    // The most first deliveries (activations) in flight, as a fraction of MaxInFlight: 256 of the default 2,048.
    private const int FirstDeliveryShare = 8;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);

    // How long an entity counts as reached after its mailbox emptied: its next events within 30–60 s are an active
    // entity's, not a first delivery again (at 100,000 entities, live events of one entity are seconds apart). Its
    // emptied mailbox is kept as long, with its grain references: opening a mailbox per event (a grain reference, its id
    // bytes, a queue) was most of what the pump allocated at 100,000 entities.
    private static readonly TimeSpan ReachedWindow = TimeSpan.FromSeconds(30);

    // An emptied mailbox kept for later keeps a queue array this small; a larger one is given back.
    private const int KeptQueueCapacity = 4;
    private readonly object _gate = new();
    private readonly string _partitionName;
    private readonly Func<string, IEntityDelivery[]> _targetsFor;
    private readonly DeliveryLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, EntityMailbox> _mailboxes = new(StringComparer.Ordinal);
    private readonly Queue<EntityMailbox> _waiting = new();

    // Entities no delivery has reached yet wait apart: each first delivery activates a grain (its state read), and a
    // million entities' activations started 2,048 at a time per partition stalled the silo for seconds at a time.
    private readonly Queue<EntityMailbox> _waitingNew = new();
    private readonly int _maxFirstDeliveries;
    private int _runningNew;
    private Dictionary<string, EntityMailbox> _reachedRecently = new(StringComparer.Ordinal);
    private Dictionary<string, EntityMailbox> _reachedBefore = new(StringComparer.Ordinal);
    private long _lastRotation;
    private List<DeliveredEvent> _delivered = [];
    private List<DeliveredEvent> _spareDelivered = [];
    private int _generation;
    private int _running;
    private int _pendingEvents;
    private long _pendingBytes;
    private int _newEntityEvents;
    private long _heldBack;
    private long _heldBackTotal;
    private int _mostRunning;
    private bool _stopped;
    private TaskCompletionSource? _idle;

    /// <summary>Initializes a new instance of the <see cref="EntityDeliveryPump"/> class.</summary>
    /// <param name="partitionName">The partition, for logs.</param>
    /// <param name="targetsFor">Gets the grains to deliver an entity's events to (one per entity type reacting to the topic).</param>
    /// <param name="limits">What bounds the deliveries.</param>
    /// <param name="time">The clock for retry delays and the windows of reached entities.</param>
    /// <param name="logger">The logger.</param>
    public EntityDeliveryPump(string partitionName, Func<string, IEntityDelivery[]> targetsFor, DeliveryLimits limits, TimeProvider time, ILogger logger)
    {
        _partitionName = partitionName;
        _targetsFor = targetsFor;
        _lastRotation = time.GetTimestamp();
        _maxFirstDeliveries = limits.MaxInFlight == 0 ? int.MaxValue : Math.Max(1, limits.MaxInFlight / FirstDeliveryShare);
        _limits = limits;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets what bounds the pump's deliveries.</summary>
    public DeliveryLimits Limits => _limits;

    /// <summary>Gets the partition the pump delivers, as <c>topic [[partition]]</c>.</summary>
    public string Partition => _partitionName;

    /// <summary>Gets whether the pump takes more events: its events, bytes and events of new entities are under their limits.</summary>
    public bool HasRoom
    {
        get
        {
            lock (_gate)
            {
                return HasRoomLocked;
            }
        }
    }

    private bool HasRoomLocked =>
        _pendingEvents < _limits.MaxEvents && _pendingBytes < _limits.MaxBytes() && _newEntityEvents < _limits.MaxEventsOfNewEntities;

    /// <summary>Gets the events read and not yet delivered or dropped.</summary>
    public int PendingEvents
    {
        get
        {
            lock (_gate)
            {
                return _pendingEvents;
            }
        }
    }

    /// <summary>Gets how many times an entity had to wait for a free delivery slot, for tests and diagnostics.</summary>
    public long HeldBackTotal
    {
        get
        {
            lock (_gate)
            {
                return _heldBackTotal;
            }
        }
    }

    /// <summary>Gets the most entities that had a delivery running at once, for tests and diagnostics.</summary>
    public int MostInFlight
    {
        get
        {
            lock (_gate)
            {
                return _mostRunning;
            }
        }
    }

    /// <summary>Starts a new read generation: events of older ones still waiting are dropped, not delivered (they are read again).</summary>
    /// <param name="generation">The receiver's new generation.</param>
    public void StartGeneration(int generation)
    {
        lock (_gate)
        {
            _generation = generation;
        }
    }

    /// <summary>Queues an event for its entity and starts a delivery when the entity has none running and a slot is free.</summary>
    /// <param name="envelope">The event, stamped by the receiver.</param>
    /// <param name="generation">The read generation it belongs to.</param>
    /// <returns>Whether the pump has room for more (<see cref="HasRoom"/> after this event), read under the same lock.</returns>
    public bool Enqueue(EventEnvelope envelope, int generation)
    {
        EntityMailbox? start = null;
        bool hasRoom;
        lock (_gate)
        {
            if (!_mailboxes.TryGetValue(envelope.EntityId, out var mailbox))
            {
                mailbox = Reopen(envelope.EntityId);
                _mailboxes.Add(envelope.EntityId, mailbox);
            }

            var bytes = CachedEventSize.Estimate(envelope);
            mailbox.Events.Enqueue(new QueuedEvent(envelope, generation, bytes));
            _pendingEvents++;
            _pendingBytes += bytes;
            if (!mailbox.Reached)
            {
                mailbox.NewEntityEvents++;
                _newEntityEvents++;
            }

            if (!mailbox.Running && !mailbox.Waiting)
            {
                if (HasSlot(mailbox.Reached))
                {
                    Occupy(mailbox);
                    start = mailbox;
                }
                else
                {
                    mailbox.Waiting = true;
                    (mailbox.Reached ? _waiting : _waitingNew).Enqueue(mailbox);
                    _heldBack++;
                    _heldBackTotal++;
                }
            }

            hasRoom = HasRoomLocked;
        }

        if (start is not null)
        {
            _ = RunAsync(start);
        }

        return hasRoom;
    }

    /// <summary>Hands the offsets delivered since the last call to <paramref name="delivered"/>, oldest completion first.</summary>
    /// <param name="delivered">Called with each delivered offset, its generation and whether its delivery failed for good.</param>
    /// <returns>How many were handed over.</returns>
    public int TakeDelivered(Action<DeliveredEvent> delivered)
    {
        List<DeliveredEvent> taken;
        lock (_gate)
        {
            RotateReachedIfDue();
            if (_delivered.Count == 0)
            {
                return 0;
            }

            taken = _delivered;
            _delivered = _spareDelivered;
            _spareDelivered = taken;
        }

        foreach (var item in taken)
        {
            delivered(item);
        }

        var count = taken.Count;
        taken.Clear();
        return count;
    }

    /// <summary>Gets how many times an entity had to wait for a free delivery slot since the last call.</summary>
    /// <returns>The count.</returns>
    public long TakeHeldBack()
    {
        lock (_gate)
        {
            var heldBack = _heldBack;
            _heldBack = 0;
            return heldBack;
        }
    }

    /// <summary>
    /// Completes when every queued event has been delivered (or dropped as stale), or, once <see cref="Stop"/> was called,
    /// when no call is in flight any more: events still queued then stay undelivered, and unreported.
    /// </summary>
    /// <returns>The task.</returns>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            if (IsDrained)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>Stops retrying and starting deliveries; calls in flight finish on their own.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    /// <summary>Gets whether no call is in flight and nothing is left to deliver (or, once stopped, to start). Read under the lock.</summary>
    private bool IsDrained => _running == 0 && (_pendingEvents == 0 || _stopped);

    private async Task RunAsync(EntityMailbox mailbox)
    {
        List<EntityMailbox>? starts = null;
        while (true)
        {
            QueuedEvent[] batch;
            lock (_gate)
            {
                DropStale(mailbox);
                if (mailbox.Events.Count == 0 || _stopped)
                {
                    Release(mailbox, ref starts);
                    batch = [];
                }
                else
                {
                    batch = new QueuedEvent[Math.Min(_limits.BatchSize, mailbox.Events.Count)];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i] = mailbox.Events.Dequeue();
                    }
                }
            }

            if (batch.Length == 0)
            {
                Start(starts);
                return;
            }

            // The first attempt is awaited here rather than in the retry loop: one async frame per delivery instead of
            // two, on the path every event takes.
            bool succeeded;
            var started = _time.GetTimestamp();
            try
            {
                await CallAsync(mailbox.Targets, batch).ConfigureAwait(false);
                succeeded = true;
            }
#pragma warning disable CA1031 // Whatever the call threw, the events are retried and then reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                succeeded = await RetryAsync(mailbox, batch, started, ex).ConfigureAwait(false);
            }

            var yielded = false;
            lock (_gate)
            {
                foreach (var item in batch)
                {
                    _delivered.Add(new DeliveredEvent(item.Envelope.Position.Offset, item.Generation, Failed: !succeeded, item.Envelope.EntityId));
                    _pendingEvents--;
                    _pendingBytes -= item.Bytes;
                }

                if (!mailbox.Reached)
                {
                    // Its activation is done: the slot no longer counts among the first deliveries.
                    mailbox.Reached = true;
                    _runningNew--;
                    _newEntityEvents -= mailbox.NewEntityEvents;
                    mailbox.NewEntityEvents = 0;
                }

                // Entities waiting for a slot get it in turn rather than after this one runs dry.
                if (mailbox.Events.Count > 0 && (_waiting.Count > 0 || (_waitingNew.Count > 0 && _runningNew < _maxFirstDeliveries)))
                {
                    Vacate(mailbox);
                    mailbox.Waiting = true;
                    _waiting.Enqueue(mailbox);
                    yielded = true;
                }

                TakeStartable(ref starts);
            }

            Start(starts);
            starts?.Clear();

            // Decided under the lock: once it is released, the mailbox may already run again on another thread.
            if (yielded)
            {
                return;
            }
        }
    }

    private void Start(List<EntityMailbox>? starts)
    {
        if (starts is null)
        {
            return;
        }

        foreach (var mailbox in starts)
        {
            _ = RunAsync(mailbox);
        }
    }

    /// <summary>Gets whether a delivery may start now for an entity that was (or was not yet) reached. Called under the lock.</summary>
    private bool HasSlot(bool reached) =>
        (_limits.MaxInFlight == 0 || _running < _limits.MaxInFlight) && (reached || _runningNew < _maxFirstDeliveries);

    /// <summary>Gives a mailbox a slot. Called under the lock.</summary>
    private void Occupy(EntityMailbox mailbox)
    {
        mailbox.Running = true;
        _running++;
        if (!mailbox.Reached)
        {
            _runningNew++;
        }

        _mostRunning = Math.Max(_mostRunning, _running);
    }

    /// <summary>Takes a mailbox's slot away. Called under the lock.</summary>
    private void Vacate(EntityMailbox mailbox)
    {
        mailbox.Running = false;
        _running--;
        if (!mailbox.Reached)
        {
            _runningNew--;
        }
    }

    /// <summary>Ends a mailbox's delivery loop and gives its slot to waiting entities. Called under the lock.</summary>
    private void Release(EntityMailbox mailbox, ref List<EntityMailbox>? starts)
    {
        Vacate(mailbox);
        if (mailbox.Events.Count == 0)
        {
            Forget(mailbox);
        }

        if (!_stopped)
        {
            TakeStartable(ref starts);
        }

        if (IsDrained && _idle is { } idle)
        {
            _idle = null;
            idle.TrySetResult();
        }
    }

    /// <summary>
    /// Gives free slots to waiting entities that still have events: entities no delivery has reached yet first (their
    /// activations, at most <see cref="_maxFirstDeliveries"/> at once), then the others in turn. Called under the lock.
    /// </summary>
    private void TakeStartable(ref List<EntityMailbox>? starts)
    {
        while (true)
        {
            EntityMailbox? candidate;
            if (_waitingNew.Count > 0 && HasSlot(reached: false))
            {
                candidate = _waitingNew.Dequeue();
            }
            else if (_waiting.Count > 0 && HasSlot(reached: true))
            {
                candidate = _waiting.Dequeue();
            }
            else
            {
                return;
            }

            candidate.Waiting = false;
            DropStale(candidate);
            if (candidate.Events.Count == 0)
            {
                Forget(candidate);
                continue;
            }

            Occupy(candidate);
            (starts ??= []).Add(candidate);
        }
    }

    /// <summary>Starts a new window of reached entities every <see cref="ReachedWindow"/>, forgetting those of the one before. Called under the lock.</summary>
    private void RotateReachedIfDue()
    {
        if (_time.GetElapsedTime(_lastRotation) < ReachedWindow)
        {
            return;
        }

        _lastRotation = _time.GetTimestamp();
        _reachedBefore = _reachedRecently;
        _reachedRecently = new Dictionary<string, EntityMailbox>(StringComparer.Ordinal);
    }

    /// <summary>Gets the mailbox an entity's next event goes to: the one it emptied recently, if any, or a new one. Called under the lock.</summary>
    private EntityMailbox Reopen(string entityId)
    {
        if (_reachedRecently.Remove(entityId, out var kept) || _reachedBefore.Remove(entityId, out kept))
        {
            return kept;
        }

        return new EntityMailbox(entityId, _targetsFor(entityId));
    }

    /// <summary>Closes a mailbox with no events left; a reached entity's is kept for its next events (see <see cref="ReachedWindow"/>). Called under the lock.</summary>
    private void Forget(EntityMailbox mailbox)
    {
        _mailboxes.Remove(mailbox.EntityId);
        if (mailbox.Reached)
        {
            if (mailbox.Events.EnsureCapacity(0) > KeptQueueCapacity)
            {
                mailbox.Events.TrimExcess();
            }

            _reachedRecently[mailbox.EntityId] = mailbox;
        }

        _newEntityEvents -= mailbox.NewEntityEvents;
        mailbox.NewEntityEvents = 0;
    }

    /// <summary>Drops the events of older read generations at the head of a mailbox: they are read again. Called under the lock.</summary>
    private void DropStale(EntityMailbox mailbox)
    {
        while (mailbox.Events.TryPeek(out var head) && head.Generation != _generation)
        {
            mailbox.Events.Dequeue();
            _pendingEvents--;
            _pendingBytes -= head.Bytes;
            if (!mailbox.Reached && mailbox.NewEntityEvents > 0)
            {
                mailbox.NewEntityEvents--;
                _newEntityEvents--;
            }
        }
    }

    /// <summary>
    /// Retries a batch whose first call, made at <paramref name="started"/>, failed with <paramref name="firstFailure"/>,
    /// until a call works or <see cref="DeliveryLimits.MaxDeliveryTime"/> has passed since that first call.
    /// </summary>
    /// <returns><see langword="false"/> when the delivery failed for good.</returns>
    private async Task<bool> RetryAsync(EntityMailbox mailbox, QueuedEvent[] batch, long started, Exception firstFailure)
    {
        var delay = FirstRetryDelay;
        var attempt = 1;
        var failure = firstFailure;
        while (true)
        {
            bool stopped;
            lock (_gate)
            {
                stopped = _stopped;
            }

            if (stopped || _time.GetElapsedTime(started) + delay > _limits.MaxDeliveryTime)
            {
                LogDeliveryGaveUp(_logger, batch.Length, mailbox.EntityId, _partitionName, batch[0].Envelope.Position.Offset, attempt, failure);
                return false;
            }

            LogDeliveryRetry(_logger, mailbox.EntityId, _partitionName, delay.TotalMilliseconds, failure.Message);
            await Task.Delay(delay, _time).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            try
            {
                await CallAsync(mailbox.Targets, batch).ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // Whatever the call threw (a storage read of the activation, a timeout, a lost silo), the events are retried and then reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                attempt++;
                failure = ex;
            }
        }
    }

    private static Task CallAsync(IEntityDelivery[] targets, QueuedEvent[] batch)
    {
        if (targets.Length == 1)
        {
            return Call(targets[0], batch);
        }

        var calls = new Task[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            calls[i] = Call(targets[i], batch);
        }

        return Task.WhenAll(calls);
    }

    private static Task Call(IEntityDelivery target, QueuedEvent[] batch)
    {
        if (batch.Length == 1)
        {
            return target.DeliverAsync(batch[0].Envelope);
        }

        var envelopes = new EventEnvelope[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            envelopes[i] = batch[i].Envelope;
        }

        return target.DeliverAsync(new Immutable<EventEnvelope[]>(envelopes));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery to entity {EntityId} of {Partition} failed; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogDeliveryRetry(ILogger logger, string entityId, string partition, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up delivering {Count} events to entity {EntityId} of {Partition} (first offset {Offset}) after {Attempts} attempts")]
    private static partial void LogDeliveryGaveUp(ILogger logger, int count, string entityId, string partition, long offset, int attempts, Exception exception);
}
