using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;

namespace Reactor.Runtime.Shadow;

/// <summary>
/// Runs one entity type's definition over replayed events, one <see cref="EntityEngine{TState}"/> per entity on fresh state,
/// with candidate rule versions and model overrides in place. Every event is marked replayed, so reactions record their
/// actions as suppressed and nothing runs: no emits, webhooks, grain calls, user actions or agent runs, no storage or
/// decision-log writes. Each entity's time is the latest event time it has read, so its deadlines fire as they did live
/// (by the time its next event came). Memory: every entity's document stays in memory for the run.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class ShadowEvaluation<TState> : IShadowEvaluation
    where TState : class, new()
{
    private readonly Func<EntityDefinition<TState>> _define;
    private readonly EventTypeRegistry _registry;
    private readonly ShadowOptions _options;
    private readonly EngineOptions _engineOptions;
    private readonly ShadowClock _latest = new();
    private readonly ShadowReactionEnvironment _environment;
    private readonly IReadOnlyList<(string Id, int Version)> _rules;
    private readonly Dictionary<string, ShadowEntity> _entities = new(StringComparer.Ordinal);
    private long _entityCount;
    private long _applied;
    private long _skipped;
    private long _wouldHave;

    /// <summary>Creates an evaluation.</summary>
    /// <param name="entityType">The entity type as decision records name it (the Orleans grain type, for example <c>customer</c>).</param>
    /// <param name="define">Fills in the entity's definition, as the grain's <c>Define</c> does; called once per entity.</param>
    /// <param name="registry">The registered event types.</param>
    /// <param name="services">The host's services, for reactions that use them (model scoring).</param>
    /// <param name="options">The candidates, model overrides, compared range and limits.</param>
    /// <exception cref="ArgumentException">The options are invalid, or a candidate rule has no candidate version.</exception>
    public ShadowEvaluation(string entityType, Action<EntityDefinition<TState>> define, EventTypeRegistry registry, IServiceProvider services, ShadowOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentNullException.ThrowIfNull(define);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EntityType = entityType;
        _define = () =>
        {
            var definition = new EntityDefinition<TState>();
            define(definition);
            return definition;
        };
        var probe = _define();
        var missing = options.CandidateRules.Except(probe.CandidateRuleIds, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var declared = probe.CandidateRuleIds.Count == 0 ? "none" : string.Join(", ", probe.CandidateRuleIds.Select(r => $"'{r}'"));
            throw new ArgumentException(
                $"Entity type '{entityType}' declares no candidate version of {string.Join(", ", missing.Select(r => $"'{r}'"))}; its candidate rules: {declared}.",
                nameof(options));
        }

        _rules = [.. probe.BuildRules(options.CandidateRules).Select(r => (r.Id, r.Version))];
        _registry = registry;
        _options = options;
        _environment = new ShadowReactionEnvironment(new ShadowServiceProvider(services, new ModelOverrides(options.ModelOverrides)));
        _engineOptions = new EngineOptions(RecentDecisionLimit: 1, UseOutbox: false, CandidateRules: options.CandidateRules);
    }

    /// <inheritdoc />
    public string EntityType { get; }

    /// <inheritdoc />
    public long Entities => Interlocked.Read(ref _entityCount);

    /// <inheritdoc />
    public long EventsApplied => Interlocked.Read(ref _applied);

    /// <inheritdoc />
    public long EventsSkipped => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public long DecisionsWouldHave => Interlocked.Read(ref _wouldHave);

    /// <inheritdoc />
    public async Task ProcessAsync(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var entity = EntityFor(envelope.EntityId);
        entity.Clock.AdvanceTo(envelope.EffectiveTime);
        _latest.AdvanceTo(envelope.EffectiveTime);
        Record(entity, await entity.Engine.FireDueDeadlinesAsync());

        // A replayed event's reactions record their actions as suppressed instead of running them.
        var result = await entity.Engine.ProcessAsync(envelope with { IsReplay = true, Epoch = 0, EpochTopics = [], PreviousOffset = null });
        Interlocked.Increment(ref result.Outcome == ProcessOutcome.Applied ? ref _applied : ref _skipped);
        Record(entity, result.Decisions);

        // Nothing is ever written, so let the engine forget what it would have persisted.
        entity.Engine.MarkPersisted();
    }

    /// <inheritdoc />
    public async Task<ShadowReport> CompleteAsync(IDecisionLog liveDecisions, Func<LogPosition, bool>? compared = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(liveDecisions);
        var end = until ?? _latest.GetUtcNow();
        foreach (var entity in _entities.Values)
        {
            entity.Clock.AdvanceTo(end);
            Record(entity, await entity.Engine.FireDueDeadlinesAsync());
        }

        var comparison = new ShadowComparison(_rules, _options.MaxDiffEntries);
        var from = _options.CompareFrom ?? DateTimeOffset.MinValue;
        foreach (var (entityId, entity) in _entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var live = await liveDecisions.ReadAsync(EntityType, entityId, from, DateTimeOffset.MaxValue, cancellationToken);
            comparison.Add(entityId, [.. live.Where(d => IsCompared(d.EventTime) && (compared?.Invoke(d.TriggerPosition) ?? true))], entity.Decisions);
        }

        return comparison.ToReport(EntityType, Entities, EventsApplied, EventsSkipped);
    }

    private bool IsCompared(DateTimeOffset eventTime) => _options.CompareFrom is not { } from || eventTime >= from;

    private ShadowEntity EntityFor(string entityId)
    {
        if (_entities.TryGetValue(entityId, out var entity))
        {
            return entity;
        }

        if (_entities.Count >= _options.MaxEntities)
        {
            throw new InvalidOperationException(
                $"The shadow evaluation of '{EntityType}' met more than {_options.MaxEntities} entities (MaxEntities). It holds every entity's state in memory; raise MaxEntities if the host has the memory, or evaluate a shorter range.");
        }

        var clock = new ShadowClock();
        var engine = new EntityEngine<TState>(EntityType, entityId, _define(), _registry, _engineOptions, clock, _environment, new EntityDocument<TState>());
        entity = new ShadowEntity(engine, clock);
        _entities.Add(entityId, entity);
        Interlocked.Increment(ref _entityCount);
        return entity;
    }

    private void Record(ShadowEntity entity, IReadOnlyList<DecisionRecord> decisions)
    {
        foreach (var decision in decisions.Where(d => IsCompared(d.EventTime)))
        {
            entity.Decisions.Add(decision);
            Interlocked.Increment(ref _wouldHave);
        }
    }

    /// <summary>One entity's engine, its clock, and the decisions it would have made in the compared range.</summary>
    private sealed class ShadowEntity(EntityEngine<TState> engine, ShadowClock clock)
    {
        public EntityEngine<TState> Engine { get; } = engine;

        public ShadowClock Clock { get; } = clock;

        public List<DecisionRecord> Decisions { get; } = [];
    }
}
