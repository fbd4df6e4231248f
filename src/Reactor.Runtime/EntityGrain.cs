using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.Streams.Core;
using Orleans.Timers;
using Reactor.Abstractions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Persistence;

namespace Reactor.Runtime;

/// <summary>
/// The base class of an entity: one grain per entity id, holding the entity's state and running its rules.
/// Override <see cref="Define"/> to declare how events change the state and which rules react; subscribe the
/// grain to topics with <see cref="ReactsToAttribute"/>. Delivery, dedupe by log position, retries, dead
/// letters, decision records and persistence are the runtime's job.
/// </summary>
/// <typeparam name="TState">The entity's state: a class System.Text.Json can round-trip.</typeparam>
public abstract class EntityGrain<TState> : Grain, IEntityGrain, IEntityDelivery, IStreamSubscriptionObserver, IAsyncObserver<EventEnvelope>, IRemindable
    where TState : class, new()
{
    private const string StateName = "entity";
    private const string DeadlineReminder = "reactor-deadlines";
    private const string OutboxReminder = "reactor-outbox";
    private static readonly TimeSpan DeadlineReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly IReadOnlyDictionary<string, long> NoEpochs = new Dictionary<string, long>(StringComparer.Ordinal);
    private IGrainTimer? _deadlineTimer;
    private IGrainTimer? _flushTimer;
    private DateTimeOffset? _deadlineTimerDue;
    private bool _reminderArmed;
    private EntityRuntime? _runtime;
    private IGrainStorage? _storage;
    private GrainState<EntityDocument<TState>>? _stored;

    // Writes go through here, the document serialized once, when the storage takes serialized states.
    private GrainState<SerializedState>? _serialized;
    private Task<IReadOnlyDictionary<string, long>>? _writing;
    private IReadOnlyDictionary<string, long> _durablePositions = new Dictionary<string, long>(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, long> _durableEpochs = new Dictionary<string, long>(StringComparer.Ordinal);
    private IReadOnlyList<DecisionRecord> _writingDecisions = [];
    private EntityEngine<TState>? _engine;
    private ILogger? _logger;
    private readonly HashSet<string> _runningActions = new(StringComparer.Ordinal);
    private bool _deactivating;
    private bool _outboxReminderArmed;
    private bool _wroteSinceTick;
    private Task _outboxReminderUpdate = Task.CompletedTask;

    /// <summary>Gets the entity's id (the grain key).</summary>
    protected string EntityId => this.GetPrimaryKeyString();

    /// <summary>Gets the entity's current state. Change it only in event handlers.</summary>
    protected TState State => Engine.Document.State;

    /// <summary>Gets the number of events applied to the state.</summary>
    protected long StateVersion => Engine.Document.StateVersion;

    private EntityEngine<TState> Engine => _engine ?? throw new InvalidOperationException("The entity is not activated.");

    private EntityRuntime Runtime => _runtime ?? throw new InvalidOperationException("The entity is not activated.");

    /// <summary>Declares how each event type changes the state and the rules that react to it.</summary>
    /// <param name="entity">The definition to fill in.</param>
    protected abstract void Define(EntityDefinition<TState> entity);

    /// <summary>Fills in a definition from <see cref="Define"/>, for hosts other than Orleans (the test kit).</summary>
    internal void DefineInto(EntityDefinition<TState> definition) => Define(definition);

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _runtime = ServiceProvider.GetRequiredService<EntityRuntime>();
        _logger = ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
        var storageName = _runtime.Options.StorageName;
        _storage = ServiceProvider.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"Grain storage '{storageName}' (Reactor:StorageName) is not registered.");
        _stored = new GrainState<EntityDocument<TState>>();
        _serialized = _storage is IStateDocumentStorage ? new GrainState<SerializedState>() : null;
        await _storage.ReadStateAsync(StateName, this.GetGrainId(), _stored);
        var document = _stored.State ?? new EntityDocument<TState>();
        _durablePositions = new Dictionary<string, long>(document.Positions, StringComparer.Ordinal);
        _durableEpochs = new Dictionary<string, long>(document.Epochs, StringComparer.Ordinal);
        if (document.SchemaVersion > EntityDocument<TState>.CurrentSchemaVersion)
        {
            throw new InvalidOperationException(
                $"Entity {this.GetGrainId()} was stored with document schema {document.SchemaVersion}, newer than this version of Reactor understands ({EntityDocument<TState>.CurrentSchemaVersion}).");
        }

        var definition = new EntityDefinition<TState>();
        Define(definition);
        _engine = new EntityEngine<TState>(
            this.GetGrainId().Type.ToString()!,
            EntityId,
            definition,
            _runtime.Registry,
            _runtime.EngineOptions,
            _runtime.Time,
            new GrainReactionEnvironment(ServiceProvider, GrainFactory),
            document);
        _runtime.Metrics.EntityActivated();
        await base.OnActivateAsync(cancellationToken);
        // Deadlines armed before a deactivation or restart: fire those already due, re-arm the rest.
        await FireDueDeadlinesAsync();
        await ScheduleDeadlinesAsync(force: true);
        // Actions that were durable but had not completed when the entity last stopped run again, with the same keys.
        // Their wake-up reminder was registered when they became durable.
        _outboxReminderArmed = Engine.PendingActions.Any();
        RunActions([.. Engine.PendingActions]);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // Actions still running complete after this activation is gone; the next activation runs them again.
            _deactivating = true;
            if (_engine is not null)
            {
                await PersistNowAsync();
            }
        }
        finally
        {
            _runtime?.Metrics.EntityDeactivated();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<EventEnvelope>().ResumeAsync(this);
    }

    /// <inheritdoc />
    public async Task OnNextAsync(EventEnvelope item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var runtime = Runtime;
        var result = await Engine.ProcessAsync(item);
        switch (result.Outcome)
        {
            case ProcessOutcome.Applied:
                runtime.Metrics.EventApplied(item.Position.Topic, result.Freshness);
                foreach (var decision in result.Decisions)
                {
                    runtime.Metrics.DecisionRecorded(decision, item.IsReplay);
                }

                break;
            case ProcessOutcome.Duplicate or ProcessOutcome.Superseded:
                runtime.Metrics.EventDuplicate(item.Position.Topic);
                break;
            case ProcessOutcome.Skipped:
                runtime.Metrics.EventSkipped(item.Position.Topic);
                break;
            case ProcessOutcome.Refused:
                runtime.Metrics.EventRefused(item.Position.Topic);
                break;
            case ProcessOutcome.DeadLettered:
                await runtime.DeadLetters.WriteAsync(result.DeadLetter!);
                runtime.Metrics.DeadLettered(result.DeadLetter!.Reason);
                EntityGrainLog.DeadLettered(_logger!, item.Position.ToString(), result.DeadLetter.Reason, result.DeadLetter.Detail);
                break;
        }

        foreach (var window in result.LateWindows)
        {
            runtime.Metrics.EventLate(window);
        }

        foreach (var rule in result.StaleRules)
        {
            runtime.Metrics.EventStale(rule);
        }

        await ScheduleDeadlinesAsync(force: false);
        // New outbox entries run only once durable, so write them now rather than at the next flush.
        if (Engine.EventsSincePersisted >= runtime.Options.FlushAfterEvents || Engine.HasUndurableActions)
        {
            StartWriteIfIdle();
        }

        KeepFlushTimer();
    }

    /// <inheritdoc />
    Task IEntityDelivery.DeliverAsync(EventEnvelope item) => OnNextAsync(item);

    /// <inheritdoc />
    async Task IEntityDelivery.DeliverAsync(Immutable<EventEnvelope[]> items)
    {
        foreach (var item in items.Value)
        {
            await OnNextAsync(item);
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == OutboxReminder)
        {
            // Activating ran the pending actions; this keeps the reminder only while some are left.
            _outboxReminderArmed = true;
            RunActions([.. Engine.PendingActions]);
            // While changes are unwritten a completion may not be durable yet: keep the reminder until the next tick.
            await KeepOutboxReminderAsync(Engine.PendingActions.Any() || Engine.IsDirty);
            return;
        }

        if (reminderName != DeadlineReminder)
        {
            return;
        }

        _reminderArmed = true;
        await FireDueDeadlinesAsync();
        await ScheduleDeadlinesAsync(force: false);
    }

    private async Task FireDueDeadlinesAsync()
    {
        var decisions = await Engine.FireDueDeadlinesAsync();
        foreach (var decision in decisions)
        {
            Runtime.Metrics.DecisionRecorded(decision);
        }

        if (decisions.Count > 0)
        {
            // A fired deadline is a decision of its own, with no event to redeliver it: make it durable now.
            await PersistNowAsync();
        }
    }

    /// <summary>
    /// Keeps the wake-ups for armed deadlines: a grain timer at the earliest one while the entity is active, and an
    /// Orleans reminder (when the silo has a reminder service) while any is armed, so a deactivated entity or a
    /// restarted silo wakes up for them. The reminder is written only when deadlines appear or all disappear.
    /// </summary>
    private async Task ScheduleDeadlinesAsync(bool force)
    {
        var next = Engine.NextDeadline;
        if (next != _deadlineTimerDue)
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
            _deadlineTimerDue = next;
            if (next is { } due)
            {
                var delay = due - Runtime.Time.GetUtcNow();
                _deadlineTimer = this.RegisterGrainTimer(
                    OnDeadlineTimerAsync,
                    new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = false });
            }
        }

        var registry = Runtime.Reminders;
        if (registry is null)
        {
            return;
        }

        if (next is { } first && (force || !_reminderArmed))
        {
            var delay = first - Runtime.Time.GetUtcNow();
            await registry.RegisterOrUpdateReminder(this.GetGrainId(), DeadlineReminder, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, DeadlineReminderPeriod);
            _reminderArmed = true;
        }
        else if (next is null && _reminderArmed)
        {
            if (await registry.GetReminder(this.GetGrainId(), DeadlineReminder) is { } reminder)
            {
                await registry.UnregisterReminder(this.GetGrainId(), reminder);
            }

            _reminderArmed = false;
        }
    }

    private async Task OnDeadlineTimerAsync()
    {
        _deadlineTimerDue = null;
        await FireDueDeadlinesAsync();
        await ScheduleDeadlinesAsync(force: false);
    }

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex)
    {
        EntityGrainLog.StreamError(_logger!, ex);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<EntitySnapshot> GetSnapshotAsync()
    {
        var document = Engine.Document;
        return Task.FromResult(new EntitySnapshot
        {
            EntityType = this.GetGrainId().Type.ToString()!,
            EntityId = EntityId,
            StateVersion = document.StateVersion,
            Positions = new Dictionary<string, long>(document.Positions, StringComparer.Ordinal),
            StateJson = JsonSerializer.Serialize(document.State, ReactorJson.Options),
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(DateTimeOffset since, DateTimeOffset? until = null)
    {
        var end = until ?? DateTimeOffset.MaxValue;
        var log = Runtime.DecisionLog;
        IEnumerable<DecisionRecord> stored = log is null
            ? Engine.Document.RecentDecisions
            : await log.ReadAsync(this.GetGrainId().Type.ToString()!, EntityId, since, end);
        return stored
            .Concat(_writingDecisions)
            .Concat(Engine.UnpersistedDecisions)
            .Concat(Engine.Document.RecentDecisions)
            .Where(d => d.DecidedAt >= since && d.DecidedAt < end)
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.DecidedAt)
            .ToList();
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> FlushAsync() => PersistNowAsync();

    /// <inheritdoc />
    public Task<EntityDurability> CheckpointAsync()
    {
        StartWriteIfIdle();
        var epochs = Engine.Document.Epochs;
        return Task.FromResult(new EntityDurability(
            new Dictionary<string, long>(Engine.Document.Positions, StringComparer.Ordinal),
            DurablePositions(),
            epochs.Count == 0 ? NoEpochs : new Dictionary<string, long>(epochs, StringComparer.Ordinal)));
    }

    /// <summary>
    /// Gets the positions the stored state covers, leaving out the topics a rewind has reset since it was written: that
    /// state is from before the reset, so it says nothing about the rebuilt one, and a checkpoint must wait for the
    /// rebuilt state's own write before it commits replayed offsets.
    /// </summary>
    private IReadOnlyDictionary<string, long> DurablePositions()
    {
        var epochs = Engine.Document.Epochs;
        if (epochs.Count == 0 && _durableEpochs.Count == 0)
        {
            return _durablePositions;
        }

        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, offset) in _durablePositions)
        {
            var topic = LogPosition.TopicOf(key);
            if (_durableEpochs.GetValueOrDefault(topic) == epochs.GetValueOrDefault(topic))
            {
                current[key] = offset;
            }
        }

        return current;
    }

    /// <summary>
    /// Starts writing the entity if it changed and no write is in flight, without waiting for it: the entity keeps
    /// processing events while its snapshot is written. Used by the flush timer and after <c>FlushAfterEvents</c> events.
    /// </summary>
    private void StartWriteIfIdle()
    {
        if (_writing is not { IsCompleted: false })
        {
            StartWrite();
        }
    }

    /// <summary>
    /// The flush timer's tick: writes the entity unless a write (for a checkpoint, after <c>FlushAfterEvents</c> events,
    /// for the outbox) already started since the previous tick. Under a Kafka checkpoint every interval, that halves
    /// the writes, and a dirty entity is still written within two intervals.
    /// </summary>
    private void OnFlushTick()
    {
        // Decided before the write below, which leaves the entity clean: disarming then would make the next event arm a
        // new timer, one per write, and each timer outlives young collections (it waits a whole interval).
        var foundChanges = Engine.IsDirty;
        if (!_wroteSinceTick)
        {
            StartWriteIfIdle();
        }

        _wroteSinceTick = false;
        if (!foundChanges)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
    }

    /// <summary>
    /// Arms the flush timer while the entity holds changes that no write has taken; the tick that finds nothing left to
    /// write disarms it (a failed write marks the entity dirty and arms it again). An entity with nothing to write has no
    /// timer: with 100,000 entities active and idle, their ticks (one grain turn per entity per interval) kept half a core
    /// busy doing nothing.
    /// </summary>
    private void KeepFlushTimer()
    {
        if (_flushTimer is null && Engine.IsDirty && !_deactivating)
        {
            var interval = Runtime.Options.FlushInterval;
            _flushTimer = this.RegisterGrainTimer(() => { OnFlushTick(); return Task.CompletedTask; }, new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = false });
        }
    }

    /// <summary>Writes everything processed so far and waits until it is durable.</summary>
    /// <returns>The durable positions.</returns>
    private async Task<IReadOnlyDictionary<string, long>> PersistNowAsync()
    {
        // One write at a time: wait for the one in flight (its failure, if any, marked the entity dirty again).
        while (_writing is { IsCompleted: false } inFlight)
        {
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
        }

        StartWrite();
        return _writing is { IsCompleted: false } started ? await started : DurablePositions();
    }

    private void StartWrite()
    {
        var engine = Engine;
        if (!engine.IsDirty)
        {
            return;
        }

        var snapshot = engine.TakeSerializedSnapshot();
        // Marked persisted before the write starts: a write that fails at once marks the entity dirty again (PersistFailed).
        engine.MarkPersisted();
        _wroteSinceTick = true;
        _writing = WriteAsync(snapshot);
        if (snapshot.NewOutboxKeys is { Count: > 0 } || _outboxReminderArmed)
        {
            _ = AfterWriteAsync(snapshot.HasPendingOutbox, snapshot.NewOutboxKeys, _writing);
        }
    }

    /// <summary>
    /// Once a write succeeded, runs the outbox entries it made durable and keeps the outbox reminder in step with what is
    /// durable (a failed write leaves its entries to the next one).
    /// </summary>
    private async Task AfterWriteAsync(bool pendingOutbox, IReadOnlyList<string>? newOutboxKeys, Task write)
    {
        try
        {
            await write;
        }
#pragma warning disable CA1031 // WriteAsync logged the failure and marked the entries undurable again.
        catch (Exception)
#pragma warning restore CA1031
        {
            StartWriteIfIdle();
            return;
        }

        // In step with what this write made durable, so the reminder goes only once the last completion is durable. It is
        // registered before the actions start: a crash between an action's start and its registration would leave the
        // action to wait for the entity's next event.
        var reminder = KeepOutboxReminderAsync(pendingOutbox);
        if (pendingOutbox)
        {
            await reminder;
        }

        RunActions(Engine.DurableActions(newOutboxKeys));
        if (Engine.HasUndurableActions)
        {
            StartWriteIfIdle();
        }

        await reminder;
    }

    /// <summary>
    /// Keeps an Orleans reminder registered while the outbox holds pending actions (when the silo has a reminder
    /// service), so an entity whose silo crashed with actions in flight wakes up and runs them again even if no event
    /// comes for it. Written when actions appear and when the last one completes, not per action.
    /// </summary>
    private Task KeepOutboxReminderAsync(bool pending) =>
        _outboxReminderUpdate = KeepOutboxReminderAfterAsync(_outboxReminderUpdate, pending);

    // Write completions interleave: one update at a time, so an unregister never races the register before it.
    private async Task KeepOutboxReminderAfterAsync(Task previous, bool pending)
    {
        await previous;
        // A deactivating entity still registers (its actions run again in the next activation, which the reminder
        // wakes) but never unregisters: the completions still running are not recorded durably.
        var registry = Runtime.Reminders;
        if (registry is null || (_deactivating && !pending))
        {
            return;
        }

        try
        {
            if (pending && !_outboxReminderArmed)
            {
                _outboxReminderArmed = true;
                await registry.RegisterOrUpdateReminder(this.GetGrainId(), OutboxReminder, DeadlineReminderPeriod, DeadlineReminderPeriod);
            }
            else if (!pending && _outboxReminderArmed)
            {
                _outboxReminderArmed = false;
                await UnregisterOutboxReminderAsync(registry);
            }
        }
#pragma warning disable CA1031 // The reminder is a safety net; the actions run regardless, and the next change retries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _outboxReminderArmed = !pending;
            EntityGrainLog.OutboxReminderFailed(_logger!, this.GetGrainId().ToString(), ex);
        }
    }

    private async Task UnregisterOutboxReminderAsync(IReminderRegistry registry)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await registry.GetReminder(this.GetGrainId(), OutboxReminder) is not { } reminder)
            {
                return;
            }

            try
            {
                await registry.UnregisterReminder(this.GetGrainId(), reminder);
                return;
            }
            catch (ReminderException) when (attempt < 3)
            {
                // The table's tag moved on since the read (a tick updated it): read it again.
            }
        }
    }

    /// <summary>Starts durable outbox entries off the event path: the entity goes on applying events while they run.</summary>
    private void RunActions(IReadOnlyList<OutboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (_runningActions.Add(entry.Key))
            {
                _ = RunActionAsync(entry);
            }
        }
    }

    private async Task RunActionAsync(OutboxEntry entry)
    {
        Runtime.Metrics.ActionStarted();
        var completion = await Runtime.Outbox.ExecuteAsync(entry, Engine.VolatileWorkOf(entry.Key), CancellationToken.None);
        Runtime.Metrics.ActionFinished(entry.Work, completion.Outcome);
        _runningActions.Remove(entry.Key);
        if (_deactivating)
        {
            return;
        }

        if (completion.Outcome == ActionOutcome.Failed)
        {
            EntityGrainLog.ActionFailed(_logger!, entry.Key, this.GetGrainId().ToString(), completion.Error);
        }

        Engine.CompleteAction(entry.Key, completion);
        StartWriteIfIdle();
        KeepFlushTimer();
    }

    /// <summary>
    /// Writes a snapshot. Only the pieces the write still needs once it has started go into its state machine: a completed
    /// write's task stays in <c>_writing</c> until the next write, and holding the whole snapshot there (and in
    /// <c>_stored</c>) kept a second copy of every entity's document alive for a flush interval, long enough for each copy
    /// to be promoted to the oldest generation. With 100,000 entities that was ~1 KB per entity, all of it garbage the
    /// young collections had to copy twice.
    /// </summary>
    /// <remarks>
    /// The snapshot is the document serialized once. A storage that writes documents through <see cref="StateDocument"/>
    /// (<see cref="IStateDocumentStorage"/>) stores those bytes as they are; any other storage gets a copy of the document
    /// read back from them.
    /// </remarks>
    private Task<IReadOnlyDictionary<string, long>> WriteAsync(SerializedSnapshot snapshot)
    {
        _writingDecisions = snapshot.Decisions;
        if (_serialized is not null)
        {
            _serialized.State = snapshot.State;
        }
        else
        {
            _stored!.State = JsonSerializer.Deserialize<EntityDocument<TState>>(snapshot.State.Json, snapshot.State.Options)!;
        }

        return WriteStoredAsync(snapshot.Decisions, snapshot.NewOutboxKeys, snapshot.Positions, snapshot.Epochs);
    }

    private async Task<IReadOnlyDictionary<string, long>> WriteStoredAsync(
        IReadOnlyList<DecisionRecord> decisions,
        IReadOnlyList<string>? newOutboxKeys,
        IReadOnlyDictionary<string, long> positions,
        IReadOnlyDictionary<string, long> epochs)
    {
        try
        {
            var log = Runtime.DecisionLog;
            if (log is not null && decisions.Count > 0)
            {
                await log.AppendAsync(this.GetGrainId().Type.ToString()!, EntityId, decisions);
            }

            // The storage gets the serialized document, or the document in _stored (for a storage that is not an
            // IStateDocumentStorage). Inline rather than a method of its own: one async frame less per write waiting
            // for the disk through young collections.
            if (_serialized is not { } serialized)
            {
                await _storage!.WriteStateAsync(StateName, this.GetGrainId(), _stored!);
            }
            else
            {
                // The two share one stored record: the ETag a write returns is the one the next read or write presents.
                serialized.ETag = _stored!.ETag;
                serialized.RecordExists = _stored.RecordExists;
                await _storage!.WriteStateAsync(StateName, this.GetGrainId(), serialized);
                _stored.ETag = serialized.ETag;
                _stored.RecordExists = serialized.RecordExists;
            }

            _durablePositions = positions;
            _durableEpochs = epochs;
            Runtime.WriteNotices.Written(this.GetGrainId().Type, EntityId, positions, epochs);
            return DurablePositions();
        }
        catch (InconsistentStateException ex)
        {
            // Another activation wrote this entity: this copy is stale and must not write again.
            EntityGrainLog.StaleWrite(_logger!, this.GetGrainId().ToString(), ex);
            this.DeactivateOnIdle();
            throw;
        }
        catch (Exception ex)
        {
            Engine.PersistFailed(decisions, newOutboxKeys);
            KeepFlushTimer();
            EntityGrainLog.PersistFailed(_logger!, this.GetGrainId().ToString(), ex);
            throw;
        }
        finally
        {
            _writingDecisions = [];
            // The storage has serialized the copy; the next write brings its own.
            _stored!.State = null!;
            _serialized?.State = null!;
        }
    }
}
