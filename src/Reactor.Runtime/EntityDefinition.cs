using Reactor.Runtime.Windows;

namespace Reactor.Runtime;

/// <summary>
/// Collects what one entity type does: how each event type changes its state, and the named, versioned
/// rules whose reactions run when the state matches. Filled in by <see cref="EntityGrain{TState}.Define"/>.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class EntityDefinition<TState>
    where TState : class, new()
{
    private readonly Dictionary<Type, Action<TState, object, EventContext>> _handlers = [];
    private readonly List<RuleBuilder<TState>> _rules = [];
    private readonly List<EventWindow> _windows = [];

    /// <summary>Declares how an event of type <typeparamref name="TEvent"/> changes the state.</summary>
    /// <typeparam name="TEvent">The .NET event type, registered with a CloudEvents type name.</typeparam>
    /// <param name="apply">Changes the state; throwing leaves the state as it was before the event.</param>
    /// <returns>This definition, for chaining.</returns>
    public EntityDefinition<TState> On<TEvent>(Action<TState, TEvent> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return On<TEvent>((state, ev, _) => apply(state, ev));
    }

    /// <summary>Declares how an event of type <typeparamref name="TEvent"/> changes the state, with the event's time and position.</summary>
    /// <typeparam name="TEvent">The .NET event type, registered with a CloudEvents type name.</typeparam>
    /// <param name="apply">Changes the state; throwing leaves the state as it was before the event.</param>
    /// <returns>This definition, for chaining.</returns>
    /// <exception cref="InvalidOperationException">A handler for the type is already declared.</exception>
    public EntityDefinition<TState> On<TEvent>(Action<TState, TEvent, EventContext> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        if (!_handlers.TryAdd(typeof(TEvent), (state, ev, context) => apply(state, (TEvent)ev, context)))
        {
            throw new InvalidOperationException($"A handler for {typeof(TEvent).Name} is already declared.");
        }

        return this;
    }

    /// <summary>
    /// Starts a named, versioned rule. Change the version whenever the rule's meaning changes: decision records name it.
    /// An id may be declared a second time only for a candidate version (<see cref="RuleBuilder{TState}.Candidate"/>),
    /// which shadow evaluations run in place of the live one.
    /// </summary>
    /// <param name="id">The rule id, unique within the entity type (apart from candidate versions).</param>
    /// <param name="version">The rule version, 1 or more.</param>
    /// <returns>A builder for the rule's condition and reaction.</returns>
    /// <exception cref="ArgumentException">The id is blank or already used (with this version, or by a live and a candidate version), or the version is below 1.</exception>
    public RuleBuilder<TState> Rule(string id, int version = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        // Whether a second declaration is a candidate is known only once Candidate() is called; BuildRules checks it.
        if (_rules.Exists(r => r.Id == id && r.Version == version) || _rules.Count(r => r.Id == id) >= 2)
        {
            throw new ArgumentException($"Rule '{id}' is already declared.", nameof(id));
        }

        var rule = new RuleBuilder<TState>(id, version);
        _rules.Add(rule);
        return rule;
    }

    /// <summary>
    /// Declares a window over the entity's events of type <typeparamref name="TEvent"/>, by event time, kept in the entity
    /// document. Read its aggregates in rule conditions (<c>failed.Count &gt;= 3</c>). The event needs no handler of its own.
    /// </summary>
    /// <typeparam name="TEvent">The event type counted.</typeparam>
    /// <param name="name">The window's name, unique within the entity type.</param>
    /// <param name="size">The window's length in event time.</param>
    /// <param name="kind">Sliding (the last <paramref name="size"/>) or tumbling (fixed buckets).</param>
    /// <returns>The window, to configure (value, distinct key, lateness, cap) and to read in conditions.</returns>
    /// <exception cref="ArgumentException">The name is blank or already used.</exception>
    public EventWindow<TEvent> Window<TEvent>(string name, TimeSpan size, WindowKind kind = WindowKind.Sliding)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_windows.Exists(w => w.Name == name))
        {
            throw new ArgumentException($"Window '{name}' is already declared.", nameof(name));
        }

        var window = new EventWindow<TEvent>(name, size, kind);
        _windows.Add(window);
        return window;
    }

    internal IReadOnlyDictionary<Type, Action<TState, object, EventContext>> Handlers => _handlers;

    internal IReadOnlyList<EventWindow> Windows => _windows;

    /// <summary>Copies the handlers only, without windows and rules (the baseline of the rule-cost benchmark).</summary>
    internal EntityDefinition<TState> HandlersOnly()
    {
        var copy = new EntityDefinition<TState>();
        foreach (var (type, handler) in _handlers)
        {
            copy._handlers.Add(type, handler);
        }

        return copy;
    }

    /// <summary>Gets the ids of the rules that declare a candidate version.</summary>
    internal IReadOnlyCollection<string> CandidateRuleIds => [.. _rules.Where(r => r.IsCandidate).Select(r => r.Id).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Builds the rules an engine runs: the live versions, except that a rule named in <paramref name="candidates"/> runs
    /// its candidate version instead (a candidate without a live version joins). One version per id runs.
    /// </summary>
    /// <param name="candidates">The rule ids whose candidate versions run, or <see langword="null"/> for live rules only.</param>
    /// <exception cref="InvalidOperationException">Two live versions share an id, or an id has more than one candidate.</exception>
    internal IReadOnlyList<RuleDefinition<TState>> BuildRules(IReadOnlyCollection<string>? candidates = null)
    {
        var chosen = new List<RuleDefinition<TState>>();
        foreach (var group in _rules.GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            var live = group.Where(r => !r.IsCandidate).ToList();
            var candidate = group.Where(r => r.IsCandidate).ToList();
            if (live.Count > 1 || candidate.Count > 1)
            {
                throw new InvalidOperationException($"Rule '{group.Key}' declares more than one {(live.Count > 1 ? "live" : "candidate")} version; keep one of each.");
            }

            var run = candidates is not null && candidates.Contains(group.Key) ? candidate.SingleOrDefault() : live.SingleOrDefault();
            if (run is not null)
            {
                chosen.Add(run.Build());
            }
        }

        return chosen;
    }
}
