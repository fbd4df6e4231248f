using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Metrics;

/// <summary>
/// Publishes Reactor's meters (meter name <c>Reactor</c>) and keeps running totals and latency histograms
/// for the console summary: events applied, dead letters, decisions, active entities, event freshness and
/// event-to-decision latency.
/// </summary>
public sealed partial class ReactorMetrics : IDisposable
{
    /// <summary>The name of Reactor's meter.</summary>
    public const string MeterName = "Reactor";

    private const int RecentDecisionCapacity = 50;
    private readonly Meter _meter;
    private readonly ILogger _logger;
    private readonly Queue<DecisionRecord> _recentDecisions = new();
    private readonly Counter<long> _eventsApplied;
    private readonly Counter<long> _eventsDuplicate;
    private readonly Counter<long> _eventsSkipped;
    private readonly Counter<long> _eventsRefused;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _late;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _actions;
    private readonly UpDownCounter<long> _actionsRunning;
    private readonly UpDownCounter<long> _outboxPending;
    private readonly Histogram<double> _freshness;
    private readonly Histogram<double> _decisionLatency;
    private readonly Histogram<double> _modelLatency;
    private readonly Counter<long> _modelFallbacks;
    private long _appliedTotal;
    private long _deadLetterTotal;
    private long _decisionTotal;
    private long _activeEntities;
    private long _lateTotal;
    private long _staleTotal;

    /// <summary>Creates the meters, through <paramref name="meterFactory"/> when one is given.</summary>
    /// <param name="meterFactory">The host's meter factory, or <see langword="null"/> for a standalone meter.</param>
    /// <param name="logger">Receives a structured record of each decision (debug level), or <see langword="null"/>.</param>
    public ReactorMetrics(IMeterFactory? meterFactory = null, ILogger<ReactorMetrics>? logger = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _eventsApplied = _meter.CreateCounter<long>("reactor.events.applied", "{event}", "Events applied to entity state.");
        _eventsDuplicate = _meter.CreateCounter<long>("reactor.events.duplicate", "{event}", "Redelivered events dropped because the entity had already applied them.");
        _eventsSkipped = _meter.CreateCounter<long>("reactor.events.skipped", "{event}", "Registered events the receiving entity declares no handler for.");
        _eventsRefused = _meter.CreateCounter<long>("reactor.events.refused", "{event}", "Events refused because the entity had not applied the event before them (redelivered by the transport).");
        _deadLetters = _meter.CreateCounter<long>("reactor.dead_letters", "{event}", "Events sent to the dead-letter sink.");
        _decisions = _meter.CreateCounter<long>("reactor.decisions", "{decision}", "Rules fired.");
        _late = _meter.CreateCounter<long>("reactor.events.late", "{event}", "Events later than a window's allowed lateness, handled by the window's late policy.");
        _stale = _meter.CreateCounter<long>("reactor.events.stale", "{event}", "Events staler than a rule tolerates, which took the rule's stale path.");
        _actions = _meter.CreateCounter<long>("reactor.actions", "{action}", "Outbox actions that finished running, by work and outcome.");
        _actionsRunning = _meter.CreateUpDownCounter<long>("reactor.actions.running", "{action}", "Outbox actions running or waiting for their target (the backlog of slow endpoints).");
        _outboxPending = _meter.CreateUpDownCounter<long>("reactor.outbox.pending", "{entry}", "Outbox entries written durably and not yet completed, in this process's active entities (the outbox backlog).");
        _freshness = _meter.CreateHistogram<double>("reactor.event.freshness", "ms", "Event time to the end of the event's evaluation.");
        _decisionLatency = _meter.CreateHistogram<double>("reactor.decision.latency", "ms", "Event time to the decision being recorded, per rule and topic (replayed history is not recorded).");
        _modelLatency = _meter.CreateHistogram<double>("reactor.model.latency", "ms", "Time a reaction's model score took (queueing for a micro-batch included), per model and version, from the decision records.");
        _modelFallbacks = _meter.CreateCounter<long>("reactor.model.errors", "{score}", "Model scores answered by the rule's declared fallback because the model failed or was missing, per model.");
        _meter.CreateObservableUpDownCounter("reactor.entities.active", () => Interlocked.Read(ref _activeEntities), "{entity}", "Entity activations in this process.");
    }

    /// <summary>Gets the event-freshness histogram of the current interval.</summary>
    public LatencyHistogram Freshness { get; } = new();

    /// <summary>Gets the event-to-decision latency histogram of the current interval.</summary>
    public LatencyHistogram DecisionLatency { get; } = new();

    /// <summary>Gets the total number of events applied in this process.</summary>
    public long EventsApplied => Interlocked.Read(ref _appliedTotal);

    /// <summary>Gets the total number of dead letters written in this process.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetterTotal);

    /// <summary>Gets the total number of decisions recorded in this process.</summary>
    public long Decisions => Interlocked.Read(ref _decisionTotal);

    /// <summary>Gets the number of entity activations in this process.</summary>
    public long ActiveEntities => Interlocked.Read(ref _activeEntities);

    /// <summary>Gets the latest decisions recorded in this process (at most 50), newest last.</summary>
    public IReadOnlyList<DecisionRecord> RecentDecisions
    {
        get
        {
            lock (_recentDecisions)
            {
                return [.. _recentDecisions];
            }
        }
    }

    /// <summary>Gets the total number of late events (per window) in this process.</summary>
    public long LateEvents => Interlocked.Read(ref _lateTotal);

    /// <summary>Gets the total number of stale events (per rule) in this process.</summary>
    public long StaleEvents => Interlocked.Read(ref _staleTotal);

    /// <summary>Records an event that was late for a window.</summary>
    /// <param name="window">The window's name.</param>
    public void EventLate(string window)
    {
        Interlocked.Increment(ref _lateTotal);
        _late.Add(1, new KeyValuePair<string, object?>("window", window));
    }

    /// <summary>Records an event that was staler than a rule tolerates.</summary>
    /// <param name="rule">The rule's id.</param>
    public void EventStale(string rule)
    {
        Interlocked.Increment(ref _staleTotal);
        _stale.Add(1, new KeyValuePair<string, object?>("rule", rule));
    }

    /// <summary>Records an applied event and how fresh it was when its evaluation completed.</summary>
    /// <param name="topic">The event's topic.</param>
    /// <param name="freshness">Event time to the end of evaluation; <see langword="null"/> for replayed history, which would only distort it.</param>
    public void EventApplied(string topic, TimeSpan? freshness)
    {
        Interlocked.Increment(ref _appliedTotal);
        var tag = new KeyValuePair<string, object?>("topic", topic);
        _eventsApplied.Add(1, tag);
        if (freshness is { } value)
        {
            _freshness.Record(value.TotalMilliseconds, tag);
            Freshness.Record(value);
        }
    }

    /// <summary>Records an event dropped as already applied.</summary>
    /// <param name="topic">The event's topic.</param>
    public void EventDuplicate(string topic) => _eventsDuplicate.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <summary>Records an event the entity has no handler for.</summary>
    /// <param name="topic">The event's topic.</param>
    public void EventSkipped(string topic) => _eventsSkipped.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <summary>Records an event refused because the entity had not applied its predecessor.</summary>
    /// <param name="topic">The event's topic.</param>
    public void EventRefused(string topic) => _eventsRefused.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <summary>Records a dead letter.</summary>
    /// <param name="reason">Why the event was dead-lettered.</param>
    public void DeadLettered(DeadLetterReason reason)
    {
        Interlocked.Increment(ref _deadLetterTotal);
        _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    /// <summary>Records a decision and its event-to-decision latency (deadline-to-decision for absence rules).</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="replayed">Whether it was made on replayed history, whose event-to-decision time means nothing.</param>
    public void DecisionRecorded(DecisionRecord decision, bool replayed = false)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Interlocked.Increment(ref _decisionTotal);
        // An absence decision is triggered by its deadline, not by the arming event half an hour earlier.
        var from = decision.Details.TryGetValue(Engine.DeadlineData.DueDetail, out var due)
            && DateTimeOffset.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dueTime)
            ? dueTime
            : decision.EventTime;
        var latency = decision.DecidedAt - from;
        var tags = new TagList { { "rule", decision.RuleId }, { "topic", decision.TriggerPosition.Topic } };
        _decisions.Add(1, tags);
        lock (_recentDecisions)
        {
            _recentDecisions.Enqueue(decision);
            if (_recentDecisions.Count > RecentDecisionCapacity)
            {
                _recentDecisions.Dequeue();
            }
        }

        RecordModelScores(decision.Details);
        LogDecision(_logger, decision.RuleId, decision.RuleVersion, decision.EntityType, decision.EntityId, decision.TriggerPosition.ToString(), Activity.Current?.TraceId.ToString());
        if (!replayed)
        {
            _decisionLatency.Record(latency.TotalMilliseconds, tags);
            DecisionLatency.Record(latency);
        }
    }

    /// <summary>
    /// Records a durable outbox entry starting to run (an entity runs an entry only once it is durable, and runs every
    /// durable pending entry at once, so from here until <see cref="ActionFinished"/> it is part of the outbox backlog).
    /// </summary>
    public void ActionStarted()
    {
        _outboxPending.Add(1);
        _actionsRunning.Add(1);
    }

    /// <summary>Records an outbox action that finished running (its completion is recorded in the entity next).</summary>
    /// <param name="work">What it did.</param>
    /// <param name="outcome">How it ended.</param>
    public void ActionFinished(Engine.OutboxWork work, ActionOutcome outcome)
    {
        _outboxPending.Add(-1);
        _actionsRunning.Add(-1);
        _actions.Add(1, new TagList { { "work", work.ToString() }, { "outcome", outcome.ToString() } });
    }

    /// <summary>Records an entity activation.</summary>
    public void EntityActivated() => Interlocked.Increment(ref _activeEntities);

    /// <summary>Records an entity deactivation.</summary>
    public void EntityDeactivated() => Interlocked.Decrement(ref _activeEntities);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// Reads the scores a reaction recorded (<c>model.{name}.latencyMs</c>, <c>.version</c>, <c>.fallback</c>, as
    /// <c>ctx.Score</c> writes them) into the model meters.
    /// </summary>
    private void RecordModelScores(IReadOnlyDictionary<string, string> details)
    {
        foreach (var (key, value) in details)
        {
            if (!key.StartsWith(ModelPrefix, StringComparison.Ordinal) || !key.EndsWith(LatencySuffix, StringComparison.Ordinal)
                || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var latency))
            {
                continue;
            }

            var model = key[ModelPrefix.Length..^LatencySuffix.Length];
            var version = details.GetValueOrDefault($"{ModelPrefix}{model}.version") ?? "unknown";
            _modelLatency.Record(latency, new TagList { { "model", model }, { "version", version } });
            if (details.ContainsKey($"{ModelPrefix}{model}.fallback"))
            {
                _modelFallbacks.Add(1, new KeyValuePair<string, object?>("model", model));
            }
        }
    }

    private const string ModelPrefix = "model.";
    private const string LatencySuffix = ".latencyMs";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rule {RuleId} v{RuleVersion} fired for {EntityType} {EntityId} on {TriggerPosition} (trace {TraceId})")]
    private static partial void LogDecision(ILogger logger, string ruleId, int ruleVersion, string entityType, string entityId, string triggerPosition, string? traceId);
}
