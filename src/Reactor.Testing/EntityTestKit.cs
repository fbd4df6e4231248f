using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Hosting;

namespace Reactor.Testing;

/// <summary>
/// Tests one entity type's reaction code in process: feed it typed events with event times, move its fake clock (due
/// absence deadlines fire), then assert on its state, the events and actions its reactions produced and its decision
/// records. It runs the same engine the entity grain hosts, without Orleans, a broker or storage.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class EntityTestKit<TState>
    where TState : class, new()
{
    /// <summary>The time the clock starts at unless told otherwise: 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Action<EntityDefinition<TState>> _define;
    private readonly EventTypeRegistry _registry;
    private readonly TestReactionEnvironment _environment;
    private readonly HashSet<string> _disabledRules = new(StringComparer.Ordinal);
    private readonly List<DecisionRecord> _decisions = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly string _entityType;
    private EntityEngine<TState> _engine;
    private long _nextOffset;

    /// <summary>Creates a kit for an entity defined by <paramref name="define"/>.</summary>
    /// <param name="define">Declares handlers, windows and rules, as the grain's <c>Define</c> does.</param>
    /// <param name="eventTypes">
    /// Registers CloudEvents type names, as in <c>AddReactor</c>. Event types the definition handles but this leaves out
    /// are registered under their .NET full name; events that reactions emit must be registered here.
    /// </param>
    /// <param name="entityId">The entity's id. Default: <c>entity-1</c>.</param>
    /// <param name="services">Services reactions may resolve, or <see langword="null"/> for none.</param>
    public EntityTestKit(
        Action<EntityDefinition<TState>> define,
        Action<ReactorBuilder>? eventTypes = null,
        string entityId = "entity-1",
        IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(define);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
        _define = define;
        EntityId = entityId;
        _entityType = typeof(TState).Name;
        var builder = new ReactorBuilder(new ServiceCollection());
        eventTypes?.Invoke(builder);
        var registrations = builder.EventTypes.ToList();
        var probe = new EntityDefinition<TState>();
        define(probe);
        var absenceTypes = probe.BuildRules().SelectMany(r => new[] { r.ArmedBy, r.CancelledBy }).OfType<Type>();
        foreach (var type in probe.Handlers.Keys.Concat(probe.Windows.Select(w => w.EventType)).Concat(absenceTypes).Distinct())
        {
            if (!registrations.Exists(r => r.Value == type))
            {
                registrations.Add(new(type.FullName ?? type.Name, type));
            }
        }

        _registry = new EventTypeRegistry(registrations);
        _environment = new TestReactionEnvironment(services ?? new ServiceCollection().BuildServiceProvider());
        Clock = new FakeTimeProvider(DefaultStart);
        _engine = CreateEngine(new EntityDocument<TState>());
    }

    /// <summary>Gets the clock the entity sees. Move it with <see cref="AdvanceAsync"/> so due deadlines fire.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Gets the entity's id.</summary>
    public string EntityId { get; }

    /// <summary>Gets the topic events are sent on unless told otherwise. Default: <c>events</c>.</summary>
    public string Topic { get; init; } = "events";

    /// <summary>Gets the entity's current state.</summary>
    public TState State => _engine.Document.State;

    /// <summary>Gets the entity's document: what the grain would store (state, windows, deadlines, positions).</summary>
    public EntityDocument<TState> Document => _engine.Document;

    /// <summary>Gets every decision recorded, oldest first (rule id and version, trigger, actions, details).</summary>
    public IReadOnlyList<DecisionRecord> Decisions => _decisions;

    /// <summary>Gets every event reactions emitted, oldest first.</summary>
    public IReadOnlyList<TestEmittedEvent> Emitted => _environment.Emitted;

    /// <summary>Gets every user-defined action reactions ran through <c>ctx.Act</c>, oldest first.</summary>
    public IReadOnlyList<object> Actions => _environment.Actions;

    /// <summary>Gets every event that was dead-lettered (a failing handler, a late event under a dead-letter policy).</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Gets how many times an event was late for a window.</summary>
    public int LateEvents { get; private set; }

    /// <summary>Gets how many times an event was staler than a rule tolerates.</summary>
    public int StaleEvents { get; private set; }

    /// <summary>Gets the ids of rules switched off, as <c>Reactor:DisabledRules</c> does; change it at any time.</summary>
    public ISet<string> DisabledRules => _disabledRules;

    /// <summary>Creates a kit for an entity grain class, using its <c>Define</c>.</summary>
    /// <typeparam name="TGrain">The grain class; its <c>Define</c> must not depend on constructor-injected services.</typeparam>
    /// <param name="eventTypes">Registers CloudEvents type names, as in <c>AddReactor</c>.</param>
    /// <param name="entityId">The entity's id. Default: <c>entity-1</c>.</param>
    /// <param name="services">Services reactions may resolve, or <see langword="null"/> for none.</param>
    /// <returns>The kit.</returns>
    public static EntityTestKit<TState> ForGrain<TGrain>(Action<ReactorBuilder>? eventTypes = null, string entityId = "entity-1", IServiceProvider? services = null)
        where TGrain : EntityGrain<TState>
    {
        // The grain is never activated: only its Define runs, so no Orleans runtime context is needed.
        var grain = (TGrain)RuntimeHelpers.GetUninitializedObject(typeof(TGrain));
        return new EntityTestKit<TState>(grain.DefineInto, eventTypes, entityId, services);
    }

    /// <summary>Sends events, each with the clock's current time as its event time.</summary>
    /// <param name="events">The events, in order.</param>
    /// <returns>A task that completes when every event was processed.</returns>
    public async Task Send(params object[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var ev in events)
        {
            await SendAt(ev, Clock.GetUtcNow());
        }
    }

    /// <summary>Sends one event with a given event time (earlier than the clock for a late or stale event).</summary>
    /// <param name="event">The event.</param>
    /// <param name="eventTime">The event time.</param>
    /// <param name="topic">The topic, or <see langword="null"/> for <see cref="Topic"/>.</param>
    /// <returns>What the engine did with it.</returns>
    public async Task<ProcessResult> SendAt(object @event, DateTimeOffset eventTime, string? topic = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await FireDueAsync();
        var offset = _nextOffset++;
        var envelope = new EventEnvelope
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"test-{offset}"),
            Source = "reactor-testing",
            Type = _registry.GetName(@event.GetType()),
            EntityId = EntityId,
            Time = eventTime,
            Position = new LogPosition(topic ?? Topic, 0, offset),
            Data = JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), ReactorJson.Options),
            ReceivedAt = Clock.GetUtcNow(),
        };
        var result = await _engine.ProcessAsync(envelope);
        _decisions.AddRange(result.Decisions);
        if (result.DeadLetter is not null)
        {
            _deadLetters.Add(result.DeadLetter);
        }

        LateEvents += result.LateWindows.Count;
        StaleEvents += result.StaleRules.Count;
        return result;
    }

    /// <summary>
    /// Moves the clock forward and fires the absence deadlines that fall due on the way, each at its own time, as the
    /// grain's timers would.
    /// </summary>
    /// <param name="by">How far to move.</param>
    /// <returns>A task that completes when due deadlines fired.</returns>
    public async Task AdvanceAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = Clock.GetUtcNow() + by;

        // Stop at each deadline on the way, so each fires at its own time (as a timer would) and sees the clock there.
        while (_engine.NextDeadline is { } next && next <= target)
        {
            if (next > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(next);
            }

            await FireDueAsync();
        }

        Clock.SetUtcNow(target);
    }

    /// <summary>
    /// Simulates a deactivation or silo restart: the document goes through its stored JSON form and a new engine, with a
    /// fresh definition, takes over. What survives is what the grain would store (state, windows, deadlines, cooldowns).
    /// </summary>
    /// <returns>A task that completes when the restarted entity fired the deadlines already due, as an activation does.</returns>
    public async Task RestartAsync()
    {
        var stored = JsonSerializer.SerializeToUtf8Bytes(_engine.TakeSnapshot().Document, ReactorJson.Options);
        _engine = CreateEngine(JsonSerializer.Deserialize<EntityDocument<TState>>(stored, ReactorJson.Options)!);
        await FireDueAsync();
    }

    /// <summary>Gets the emitted events of one type, deserialized.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <returns>The events, oldest first.</returns>
    public IReadOnlyList<TEvent> EmittedOf<TEvent>()
    {
        var name = _registry.GetName(typeof(TEvent));
        return [.. Emitted.Where(e => e.Type == name).Select(e => e.As<TEvent>())];
    }

    private async Task FireDueAsync() => _decisions.AddRange(await _engine.FireDueDeadlinesAsync());

    private EntityEngine<TState> CreateEngine(EntityDocument<TState> document)
    {
        var definition = new EntityDefinition<TState>();
        _define(definition);
        return new EntityEngine<TState>(
            _entityType,
            EntityId,
            definition,
            _registry,
            new EngineOptions(RuleEnabled: id => !_disabledRules.Contains(id)),
            Clock,
            _environment,
            document);
    }
}
