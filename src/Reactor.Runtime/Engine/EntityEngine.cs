using System.Buffers;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Events;
using Reactor.Runtime.Windows;

namespace Reactor.Runtime.Engine;

/// <summary>
/// Runs one entity's definition over its events, without Orleans: drops redelivered events, applies each
/// event all-or-nothing (a throwing handler is retried, then its event is dead-lettered), evaluates rules and
/// runs the reactions of those whose condition became true. The entity grain hosts it; the test kit drives it.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class EntityEngine<TState>
    where TState : class, new()
{
    private readonly string _entityType;
    private readonly string _entityId;
    private readonly IReadOnlyDictionary<Type, Action<TState, object, EventContext>> _handlers;
    // Arrays: a foreach over them per event allocates no enumerator.
    private readonly RuleDefinition<TState>[] _rules;
    private readonly RuleDefinition<TState>[] _absenceRules;
    private readonly EventWindow[] _windows;
    private readonly HashSet<Type> _interesting;
    private readonly EventTypeRegistry _registry;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IReactionEnvironment _environment;
    private readonly List<DecisionRecord> _unpersistedDecisions = [];
    private readonly List<string> _undurableOutbox = [];
    private readonly Dictionary<string, Func<Task>> _volatileWork = new(StringComparer.Ordinal);

    // Undoing a throwing handler: the state before each handler, serialized into a buffer of the thread's (Apply runs
    // synchronously). A copy kept across events instead (with the events applied since) survived young collections, and
    // with thousands of entities those survivors made every young-generation pause longer; a buffer per entity was ~300
    // bytes held by every active entity.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_beforeEvent;
    private const int MaxKeptBeforeEventBytes = 1024 * 1024;

    // One JSON writer per thread for that copy: a writer per event was ~150 bytes of garbage an event, a writer per
    // entity would be memory held by every idle entity.
    [ThreadStatic]
    private static Utf8JsonWriter? t_beforeEventWriter;
    private string? _partitionKey;
    private LogPosition _partitionKeyOf;

    /// <summary>Creates an engine for one entity over its stored document.</summary>
    /// <param name="entityType">The entity type name used in decision records.</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="definition">The entity's handlers and rules.</param>
    /// <param name="registry">The registered event types.</param>
    /// <param name="options">Retry and retention settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="environment">Carries out the reactions' actions.</param>
    /// <param name="document">The stored document, or a new one.</param>
    public EntityEngine(
        string entityType,
        string entityId,
        EntityDefinition<TState> definition,
        EventTypeRegistry registry,
        EngineOptions options,
        TimeProvider time,
        IReactionEnvironment environment,
        EntityDocument<TState> document)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _entityType = entityType;
        _entityId = entityId;
        _handlers = definition.Handlers;
        var rules = definition.BuildRules(options.CandidateRules);
        _rules = [.. rules.Where(r => !r.IsAbsence)];
        _absenceRules = [.. rules.Where(r => r.IsAbsence)];
        _windows = [.. definition.Windows];
        _interesting = [.. _handlers.Keys, .. _windows.Select(w => w.EventType), .. _absenceRules.SelectMany(r => new[] { r.ArmedBy!, r.CancelledBy! })];
        _registry = registry;
        _options = options;
        _time = time;
        _environment = environment;
        Document = document;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxHandlerAttempts, 1);
        foreach (var window in _windows)
        {
            window.Bind(name => Document.Windows.GetValueOrDefault(name));
        }
    }

    /// <summary>Gets the entity's document: state, state version, positions and recent decisions.</summary>
    public EntityDocument<TState> Document { get; }

    /// <summary>Gets the earliest armed absence deadline, or <see langword="null"/> when none is armed.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var deadline in Document.Deadlines)
            {
                if (next is null || deadline.Due < next)
                {
                    next = deadline.Due;
                }
            }

            return next;
        }
    }

    /// <summary>Gets a value indicating whether the document changed since it was last persisted.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>Gets the number of events processed since the document was last persisted.</summary>
    public int EventsSincePersisted { get; private set; }

    /// <summary>Gets the decisions recorded since the document was last persisted, oldest first.</summary>
    public IReadOnlyList<DecisionRecord> UnpersistedDecisions => _unpersistedDecisions;

    /// <summary>Gets a value indicating whether the outbox holds entries that no write has made durable yet.</summary>
    public bool HasUndurableActions => _undurableOutbox.Count > 0;

    /// <summary>Gets the outbox entries still to run, oldest first.</summary>
    public IEnumerable<OutboxEntry> PendingActions => Document.Outbox.Where(e => e.IsPending);

    /// <summary>Marks everything processed so far as durable.</summary>
    public void MarkPersisted()
    {
        IsDirty = false;
        EventsSincePersisted = 0;
        _unpersistedDecisions.Clear();
        _undurableOutbox.Clear();
    }

    /// <summary>Gets the pending outbox entries a successful write made durable, which may now run.</summary>
    /// <param name="snapshot">The snapshot that was written.</param>
    /// <returns>The entries, oldest first.</returns>
    public IReadOnlyList<OutboxEntry> DurableActions(PersistSnapshot<TState> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return DurableActions(snapshot.NewOutboxKeys);
    }

    /// <summary>Gets the pending outbox entries a successful write made durable, which may now run.</summary>
    /// <param name="newOutboxKeys">The keys of the entries the write made durable for the first time.</param>
    /// <returns>The entries, oldest first.</returns>
    public IReadOnlyList<OutboxEntry> DurableActions(IReadOnlyList<string>? newOutboxKeys)
    {
        if (newOutboxKeys is not { Count: > 0 } keys)
        {
            return [];
        }

        var set = keys.ToHashSet(StringComparer.Ordinal);
        return [.. Document.Outbox.Where(e => e.IsPending && set.Contains(e.Key))];
    }

    /// <summary>
    /// Takes the in-memory delegate of a grain-call entry (it does not survive a restart), or <see langword="null"/>.
    /// </summary>
    /// <param name="key">The entry's key.</param>
    /// <returns>The delegate, or <see langword="null"/>.</returns>
    public Func<Task>? VolatileWorkOf(string key) => _volatileWork.GetValueOrDefault(key);

    /// <summary>
    /// Records that an outbox entry ran to completion: the entry keeps its outcome (so its key never runs again) and its
    /// decision's action record is updated. A decision whose actions have all completed goes to the decision log.
    /// </summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="completion">How it ended.</param>
    /// <returns>The updated decision, or <see langword="null"/> when the entry was not pending or its decision is gone.</returns>
    public DecisionRecord? CompleteAction(string key, Actions.ActionCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var entry = Document.Outbox.Find(e => e.Key == key);
        if (entry is not { IsPending: true })
        {
            return null;
        }

        entry.Outcome = completion.Outcome;

        // A finished entry only has to be recognised by its key: drop what running it needed, so documents stay small.
        entry.Content = null;
        entry.EventKey = null;
        entry.TraceParent = null;
        entry.ActionType = null;
        _volatileWork.Remove(key);
        IsDirty = true;
        var completed = Document.Outbox.Count(e => !e.IsPending);
        if (completed > CompletedOutboxLimit)
        {
            var excess = completed - CompletedOutboxLimit;
            Document.Outbox.RemoveAll(e => !e.IsPending && excess-- > 0);
        }

        var index = Document.RecentDecisions.FindIndex(d => d.Id == entry.DecisionId);
        if (index < 0)
        {
            return null;
        }

        var decision = Document.RecentDecisions[index];
        var actions = decision.Actions
            .Select(a => a.IdempotencyKey == key
                ? a with { Outcome = completion.Outcome, Error = completion.Error, Details = completion.Report?.Details, Steps = completion.Report?.Steps }
                : a)
            .ToList();
        var updated = decision with { Actions = actions };
        Document.RecentDecisions[index] = updated;
        if (!IsAwaitingActions(updated))
        {
            _unpersistedDecisions.Add(updated);
        }

        return updated;
    }

    /// <summary>How many completed outbox entries the document keeps, so a completed key is recognised if it comes again.</summary>
    private const int CompletedOutboxLimit = 100;

    private static bool IsAwaitingActions(DecisionRecord decision) => decision.Actions.Any(a => a.Outcome == ActionOutcome.Pending);

    private bool Enqueue(OutboxEntry entry, Func<Task>? volatileWork)
    {
        if (Document.Outbox.Exists(e => e.Key == entry.Key))
        {
            return false;
        }

        Document.Outbox.Add(entry);
        _undurableOutbox.Add(entry.Key);
        if (volatileWork is not null)
        {
            _volatileWork[entry.Key] = volatileWork;
        }

        IsDirty = true;
        return true;
    }

    /// <summary>Takes what must be written to persist the entity now: a deep copy of the document and the decisions not yet written.</summary>
    /// <returns>The copy, independent of later changes to the engine's document.</returns>
    public PersistSnapshot<TState> TakeSnapshot()
    {
        var bytes = SerializeDocument();
        var copy = JsonSerializer.Deserialize<EntityDocument<TState>>(bytes, ReactorJson.Options)!;
        return new PersistSnapshot<TState>(copy, [.. _unpersistedDecisions], [.. _undurableOutbox]);
    }

    /// <summary>
    /// Takes what must be written to persist the entity now, with the document serialized (<see cref="ReactorJson.Options"/>)
    /// rather than copied; a storage that writes documents through <see cref="Persistence.StateDocument"/>
    /// (<see cref="Persistence.IStateDocumentStorage"/>) stores those bytes as they are.
    /// </summary>
    /// <returns>The serialized document and what its write makes durable, independent of later changes.</returns>
    public SerializedSnapshot TakeSerializedSnapshot() =>
        new(
            new Persistence.SerializedState(SerializeDocument(), typeof(EntityDocument<TState>), ReactorJson.Options),
            new Dictionary<string, long>(Document.Positions, StringComparer.Ordinal),
            new Dictionary<string, long>(Document.Epochs, StringComparer.Ordinal),
            Document.Outbox.Exists(e => e.IsPending),
            [.. _unpersistedDecisions],
            [.. _undurableOutbox]);

    private byte[] SerializeDocument()
    {
        foreach (var window in Document.Windows.Values)
        {
            window.Compact();
        }

        return JsonSerializer.SerializeToUtf8Bytes(Document, ReactorJson.Options);
    }

    /// <summary>Records that writing a snapshot failed: the entity is dirty again and its decisions are still to be written.</summary>
    /// <param name="snapshot">The snapshot whose write failed.</param>
    public void PersistFailed(PersistSnapshot<TState> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        PersistFailed(snapshot.Decisions, snapshot.NewOutboxKeys);
    }

    /// <summary>Records that writing a snapshot failed, given the parts of it the write kept.</summary>
    /// <param name="decisions">The snapshot's decisions.</param>
    /// <param name="newOutboxKeys">The snapshot's new outbox keys.</param>
    public void PersistFailed(IReadOnlyList<DecisionRecord> decisions, IReadOnlyList<string>? newOutboxKeys)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        IsDirty = true;
        _unpersistedDecisions.InsertRange(0, decisions.Where(d => !_unpersistedDecisions.Exists(u => u.Id == d.Id)));
        _undurableOutbox.InsertRange(0, (newOutboxKeys ?? []).Where(k => !_undurableOutbox.Contains(k)));
    }

    /// <summary>Processes one delivered event.</summary>
    /// <param name="envelope">The event.</param>
    /// <returns>What happened to it, with any decisions and dead letter.</returns>
    public async ValueTask<ProcessResult> ProcessAsync(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var position = envelope.Position;
        var epoch = Document.Epochs.GetValueOrDefault(position.Topic);
        if (envelope.Epoch < epoch)
        {
            return ProcessResult.Superseded;
        }

        if (envelope.Epoch > epoch)
        {
            StartRebuild(envelope);
        }

        var partitionKey = PartitionKeyOf(position);
        var known = Document.Positions.TryGetValue(partitionKey, out var applied);
        if (known && position.Offset <= applied)
        {
            return ProcessResult.Duplicate;
        }

        if (envelope.PreviousOffset is { } previous && (!known || previous > applied))
        {
            return ProcessResult.Refused;
        }

        var result = await ProcessNewAsync(envelope);
        Document.Positions[partitionKey] = position.Offset;
        IsDirty = true;
        EventsSincePersisted++;
        return result;
    }

    /// <summary>Formats a position's <c>topic/partition</c> key, reusing the last one: an entity's events mostly come from one partition.</summary>
    private string PartitionKeyOf(LogPosition position)
    {
        if (_partitionKey is null || _partitionKeyOf.Partition != position.Partition || !string.Equals(_partitionKeyOf.Topic, position.Topic, StringComparison.Ordinal))
        {
            _partitionKey = position.PartitionKey;
            _partitionKeyOf = position;
        }

        return _partitionKey;
    }

    /// <summary>
    /// Resets the entity for a rewind: the state starts empty and is rebuilt from the replayed events. Positions of the
    /// rewound topics are forgotten (their events come again); positions of other topics are kept, so their events are
    /// still applied once. Decision history stays: replayed decisions have the same ids as the originals.
    /// </summary>
    private void StartRebuild(EventEnvelope envelope)
    {
        var topics = envelope.EpochTopics.Append(envelope.Position.Topic).ToHashSet(StringComparer.Ordinal);
        foreach (var key in Document.Positions.Keys.Where(k => topics.Contains(LogPosition.TopicOf(k))).ToList())
        {
            Document.Positions.Remove(key);
        }

        foreach (var topic in topics)
        {
            Document.Epochs[topic] = Math.Max(Document.Epochs.GetValueOrDefault(topic), envelope.Epoch);
        }
        Document.State = new TState();
        Document.StateVersion = 0;
        Document.MatchingRules.Clear();
        Document.Windows.Clear();
        Document.Deadlines.Clear();
        Document.LastFired.Clear();
        IsDirty = true;
    }

    /// <summary>
    /// Fires the absence deadlines that are due by the engine's clock (their cancelling event did not arrive in time),
    /// oldest first. The host calls it from a timer or reminder; the test kit when its clock moves.
    /// </summary>
    /// <returns>The decisions recorded.</returns>
    public async Task<IReadOnlyList<DecisionRecord>> FireDueDeadlinesAsync()
    {
        var now = _time.GetUtcNow();
        List<DecisionRecord>? decisions = null;
        foreach (var deadline in Document.Deadlines.Where(d => d.Due <= now).OrderBy(d => d.Due).ToList())
        {
            Document.Deadlines.Remove(deadline);
            IsDirty = true;
            if (await FireDeadlineAsync(deadline) is { } decision)
            {
                (decisions ??= []).Add(decision);
            }
        }

        return decisions ?? (IReadOnlyList<DecisionRecord>)[];
    }

    private async ValueTask<ProcessResult> ProcessNewAsync(EventEnvelope envelope)
    {
        if (!_registry.TryGetType(envelope.Type, out var eventType))
        {
            return DeadLettered(envelope, DeadLetterReason.UnknownType, $"CloudEvents type '{envelope.Type}' is not registered.");
        }

        if (!_interesting.Contains(eventType))
        {
            return ProcessResult.Skipped;
        }

        object? payload;
        try
        {
            payload = JsonSerializer.Deserialize(envelope.Data.Span, eventType, ReactorJson.Options);
        }
        catch (JsonException ex)
        {
            return DeadLettered(envelope, DeadLetterReason.UndecodablePayload, $"The data of '{envelope.Type}' does not deserialize into {eventType.Name}: {ex.Message}");
        }

        if (payload is null)
        {
            return DeadLettered(envelope, DeadLetterReason.UndecodablePayload, $"The data of '{envelope.Type}' is null; {eventType.Name} expected.");
        }

        var context = EventContext.From(envelope);
        List<string>? late = null;
        EventWindow? deadLetteringWindow = null;
        foreach (var window in _windows)
        {
            if (window.EventType == eventType && window.IsLate(Document.Windows.GetValueOrDefault(window.Name), context.Time))
            {
                (late ??= []).Add(window.Name);
                deadLetteringWindow ??= window.LatePolicy == LateEventPolicy.DeadLetter ? window : null;
            }
        }

        if (deadLetteringWindow is not null)
        {
            var watermark = Document.Windows[deadLetteringWindow.Name].Watermark;
            return DeadLettered(envelope, DeadLetterReason.LateEvent, $"The event time {context.Time:O} is more than {deadLetteringWindow.AllowedLateness} behind window '{deadLetteringWindow.Name}' (watermark {watermark:O}).") with { LateWindows = late! };
        }

        if (_handlers.TryGetValue(eventType, out var handler) && Apply(handler, payload, context) is { } failure)
        {
            return DeadLettered(envelope, DeadLetterReason.HandlerFailed, $"The handler for {eventType.Name} failed {_options.MaxHandlerAttempts} time(s): {failure.GetType().Name}: {failure.Message}") with { LateWindows = late ?? [] };
        }

        foreach (var window in _windows)
        {
            if (window.EventType == eventType && (late is null || window.LatePolicy != LateEventPolicy.Drop || !late.Contains(window.Name)))
            {
                if (!Document.Windows.TryGetValue(window.Name, out var data))
                {
                    Document.Windows[window.Name] = data = new WindowData();
                }

                window.Add(data, context.Time, payload);
            }
        }

        Document.StateVersion++;
        var evaluation = new Evaluation();
        await TrackAbsenceAsync(eventType, envelope, context, evaluation);
        await EvaluateRulesAsync(envelope, context, evaluation);
        return new ProcessResult(ProcessOutcome.Applied, evaluation.Decisions ?? (IReadOnlyList<DecisionRecord>)[], Freshness: envelope.IsReplay ? null : _time.GetUtcNow() - context.Time)
        {
            LateWindows = late ?? (IReadOnlyList<string>)[],
            StaleRules = evaluation.Stale ?? (IReadOnlyList<string>)[],
        };
    }

    private Exception? Apply(Action<TState, object, EventContext> handler, object payload, EventContext context)
    {
        // Taken from the thread while in use: a handler that applies another entity's event on this thread (a test
        // kit, say) gets a buffer of its own instead of overwriting this one.
        var before = t_beforeEvent ?? new ArrayBufferWriter<byte>(256);
        t_beforeEvent = null;
        try
        {
            before.ResetWrittenCount();
            var writer = t_beforeEventWriter ??= new Utf8JsonWriter(before);
            writer.Reset(before);
            JsonSerializer.Serialize(writer, Document.State, ReactorJson.Options);

            Exception? last = null;
            for (var attempt = 1; attempt <= _options.MaxHandlerAttempts; attempt++)
            {
                try
                {
                    handler(Document.State, payload, context);
                    return null;
                }
#pragma warning disable CA1031 // A user handler may throw anything; the event is dead-lettered, the entity goes on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    last = ex;
                    Document.State = JsonSerializer.Deserialize<TState>(before.WrittenSpan, ReactorJson.Options) ?? new TState();
                }
            }

            return last;
        }
        finally
        {
            // A thread keeps its buffer unless one very large state grew it.
            t_beforeEvent = before.Capacity <= MaxKeptBeforeEventBytes ? before : null;
        }
    }

    private async Task EvaluateRulesAsync(EventEnvelope envelope, EventContext trigger, Evaluation evaluation)
    {
        foreach (var rule in _rules)
        {
            if (!IsEnabled(rule))
            {
                continue;
            }

            var matches = Matches(rule);
            var wasMatching = Document.MatchingRules.Contains(rule.Key);
            if (!matches)
            {
                Document.MatchingRules.Remove(rule.Key);
                continue;
            }

            if (wasMatching && !rule.EveryMatch)
            {
                continue;
            }

            Document.MatchingRules.Add(rule.Key);
            if (InCooldown(rule, trigger.Time))
            {
                continue;
            }

            var reaction = rule.Reaction;
            var isStale = false;
            if (!envelope.IsReplay && rule.StalenessTolerance is { } tolerance && _time.GetUtcNow() - trigger.Time > tolerance)
            {
                (evaluation.Stale ??= []).Add(rule.Id);
                if (rule.StaleReaction is null)
                {
                    continue;
                }

                reaction = rule.StaleReaction;
                isStale = true;
            }

            envelope.Headers.TryGetValue(EmittedEvent.TraceParentHeader, out var traceParent);
            var decision = await FireAsync(rule, reaction, trigger, envelope.Type, traceParent, sideEffects: !envelope.IsReplay, isStale);
            (evaluation.Decisions ??= []).Add(decision);
        }
    }

    private bool IsEnabled(RuleDefinition<TState> rule) => _options.RuleEnabled?.Invoke(rule.Id) ?? true;

    private bool InCooldown(RuleDefinition<TState> rule, DateTimeOffset time) =>
        rule.Cooldown is { } cooldown && Document.LastFired.TryGetValue(rule.Id, out var last) && time - last < cooldown;

    /// <summary>Arms, re-arms, cancels or (when the cancelling event came after the deadline) fires absence deadlines.</summary>
    private async Task TrackAbsenceAsync(Type eventType, EventEnvelope envelope, EventContext trigger, Evaluation evaluation)
    {
        foreach (var rule in _absenceRules)
        {
            var armed = Document.Deadlines.Find(d => d.RuleId == rule.Id);
            if (armed is not null && eventType == rule.CancelledBy)
            {
                Document.Deadlines.Remove(armed);
                if (trigger.Time >= armed.Due && await FireDeadlineAsync(armed) is { } decision)
                {
                    (evaluation.Decisions ??= []).Add(decision);
                }
            }

            if (eventType == rule.ArmedBy && IsEnabled(rule))
            {
                Document.Deadlines.RemoveAll(d => d.RuleId == rule.Id);
                envelope.Headers.TryGetValue(EmittedEvent.TraceParentHeader, out var traceParent);
                Document.Deadlines.Add(new DeadlineData
                {
                    RuleId = rule.Id,
                    Due = trigger.Time + rule.AbsentFor,
                    EventId = trigger.Id,
                    EventType = trigger.Type,
                    EventTime = trigger.Time,
                    Position = trigger.Position,
                    TraceParent = traceParent,
                    Replay = envelope.IsReplay,
                });
            }
        }
    }

    private async Task<DecisionRecord?> FireDeadlineAsync(DeadlineData deadline)
    {
        var rule = _absenceRules.FirstOrDefault(r => r.Id == deadline.RuleId);
        if (rule is null || !IsEnabled(rule) || (rule.Condition is not null && !Matches(rule)) || InCooldown(rule, deadline.Due))
        {
            return null;
        }

        var trigger = new EventContext(deadline.EventId, deadline.EventType, deadline.EventTime, deadline.Position);
        return await FireAsync(rule, rule.Reaction, trigger, deadline.EventType, deadline.TraceParent, sideEffects: !deadline.Replay, stale: false, firedAt: deadline.Due);
    }

    private bool Matches(RuleDefinition<TState> rule)
    {
        try
        {
            return rule.Condition!(Document.State);
        }
#pragma warning disable CA1031 // A condition that throws does not match; the reaction is not run.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private async Task<DecisionRecord> FireAsync(
        RuleDefinition<TState> rule,
        Func<IReactionContext, TState, Task> reaction,
        EventContext trigger,
        string triggerType,
        string? traceParent,
        bool sideEffects,
        bool stale,
        DateTimeOffset? firedAt = null)
    {
        var id = DecisionRecord.CreateId(_entityType, _entityId, rule.Id, rule.Version, trigger.Position);
        var context = new ReactionContext(_entityType, _entityId, rule.Id, rule.Version, id, trigger, _time.GetUtcNow(), _registry, _environment, traceParent, sideEffects, _options.UseOutbox ? Enqueue : null);
        if (stale)
        {
            context.Record("stale", "true");
        }

        if (rule.IsAbsence)
        {
            context.Record("absentFor", rule.AbsentFor.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            context.Record(DeadlineData.DueDetail, (trigger.Time + rule.AbsentFor).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        string? error = null;
        try
        {
            await reaction(context, Document.State);
        }
#pragma warning disable CA1031 // A failing reaction is recorded in its decision; the entity goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (rule.Cooldown is not null)
        {
            Document.LastFired[rule.Id] = firedAt ?? trigger.Time;
        }

        var decision = new DecisionRecord
        {
            Id = id,
            EntityType = _entityType,
            EntityId = _entityId,
            RuleId = rule.Id,
            RuleVersion = rule.Version,
            TriggerEventId = trigger.Id,
            TriggerEventType = triggerType,
            TriggerPosition = trigger.Position,
            StateVersion = Document.StateVersion,
            EventTime = trigger.Time,
            DecidedAt = _time.GetUtcNow(),
            Actions = [.. context.Actions],
            Details = new Dictionary<string, string>(context.Details, StringComparer.Ordinal),
            Error = error,
            TraceId = TraceIdOf(traceParent),
        };
        // A replay decides again with the same id; the record of what happened the first time stays.
        if (!Document.RecentDecisions.Exists(d => d.Id == id))
        {
            Document.RecentDecisions.Add(decision);
        }

        if (Document.RecentDecisions.Count > _options.RecentDecisionLimit)
        {
            // A decision whose actions are still running stays: its outbox entries update it when they complete.
            var excess = Document.RecentDecisions.Count - _options.RecentDecisionLimit;
            Document.RecentDecisions.RemoveAll(d => excess > 0 && !IsAwaitingActions(d) && excess-- > 0);
        }

        // A decision with actions still to run goes to the decision log when they have completed (the log's first copy of an id wins).
        if (!IsAwaitingActions(decision))
        {
            _unpersistedDecisions.Add(decision);
        }

        return decision;
    }

    private static string? TraceIdOf(string? traceParent)
    {
        // W3C traceparent: version-traceid-parentid-flags.
        var parts = traceParent?.Split('-');
        return parts is { Length: 4 } && parts[1].Length == 32 ? parts[1] : null;
    }

    private ProcessResult DeadLettered(EventEnvelope envelope, DeadLetterReason reason, string detail) =>
        new(ProcessOutcome.DeadLettered, [], new DeadLetter
        {
            Reason = reason,
            Detail = detail,
            Position = envelope.Position,
            EventId = envelope.Id,
            EventType = envelope.Type,
            EntityId = envelope.EntityId,
            OriginalBytes = envelope.Data,
            Headers = envelope.Headers,
            DeadLetteredAt = _time.GetUtcNow(),
        });

    /// <summary>Collects what evaluating the rules for one event produced.</summary>
    private sealed class Evaluation
    {
        public List<DecisionRecord>? Decisions { get; set; }

        public List<string>? Stale { get; set; }
    }
}
