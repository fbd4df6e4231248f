namespace Reactor.Runtime;

/// <summary>
/// Builds one rule. A condition rule (<see cref="When"/>) fires each time its condition over the state turns true; an
/// absence rule (<see cref="After{TEvent}"/> and <see cref="Absent{TEvent}"/>) fires when an event is not followed by
/// another within a period. Either may be rate-limited (<see cref="AtMostOncePer"/>) and may declare the event age it
/// tolerates (<see cref="TolerateStaleness"/>).
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class RuleBuilder<TState>
    where TState : class, new()
{
    private Func<TState, bool>? _condition;
    private Func<IReactionContext, TState, Task>? _reaction;
    private Func<IReactionContext, TState, Task>? _staleReaction;
    private TimeSpan? _cooldown;
    private TimeSpan? _staleness;
    private bool _everyMatch;
    private Type? _armedBy;
    private Type? _cancelledBy;
    private TimeSpan _absentFor;

    internal RuleBuilder(string id, int version)
    {
        Id = id;
        Version = version;
    }

    internal string Id { get; }

    internal int Version { get; }

    internal bool IsCandidate { get; private set; }

    /// <summary>
    /// Sets the condition. The rule fires once each time the condition turns from false to true. On an absence rule the
    /// condition is an extra guard checked when the deadline falls due.
    /// </summary>
    /// <param name="condition">The condition over the state after the event was applied.</param>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> When(Func<TState, bool> condition)
    {
        _condition = condition ?? throw new ArgumentNullException(nameof(condition));
        return this;
    }

    /// <summary>Makes the rule fire on every event after which its condition holds, not only when it turns true (combine with <see cref="AtMostOncePer"/>).</summary>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> OnEveryMatch()
    {
        _everyMatch = true;
        return this;
    }

    /// <summary>
    /// Limits the rule to one firing per <paramref name="period"/> of event time: a firing due sooner after the last one
    /// is skipped (the crossing is used up; the condition must turn false and true again).
    /// </summary>
    /// <param name="period">The shortest event time between two firings.</param>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> AtMostOncePer(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _cooldown = period;
        return this;
    }

    /// <summary>Makes this an absence rule armed by each event of type <typeparamref name="TEvent"/> (a later one re-arms it).</summary>
    /// <typeparam name="TEvent">The arming event type.</typeparam>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> After<TEvent>()
    {
        _armedBy = typeof(TEvent);
        return this;
    }

    /// <summary>
    /// Fires the absence rule when no event of type <typeparamref name="TEvent"/> with an event time before the deadline
    /// (arming event time plus <paramref name="within"/>) arrives. The deadline is kept in the entity document and fires
    /// from the runtime's clock, also after the entity was deactivated (see the Runtime README on durable deadlines).
    /// </summary>
    /// <typeparam name="TEvent">The event type whose arrival in time cancels the deadline.</typeparam>
    /// <param name="within">The period after the arming event.</param>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> Absent<TEvent>(TimeSpan within)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(within, TimeSpan.Zero);
        _cancelledBy = typeof(TEvent);
        _absentFor = within;
        return this;
    }

    /// <summary>
    /// Declares how old (arrival time minus event time) a triggering event may be. An older event takes the stale path:
    /// <paramref name="onStale"/> runs instead of the reaction (its decision records <c>stale=true</c>), or, without it,
    /// the rule does not fire. Stale events are counted (<c>reactor.events.stale</c>).
    /// </summary>
    /// <param name="tolerance">The age tolerated.</param>
    /// <param name="onStale">The reaction for stale events, or <see langword="null"/> to skip them.</param>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> TolerateStaleness(TimeSpan tolerance, Func<IReactionContext, TState, Task>? onStale = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        _staleness = tolerance;
        _staleReaction = onStale;
        return this;
    }

    /// <summary>
    /// Marks this version as a candidate: live entities never run it, and a shadow evaluation that names its rule id runs it
    /// in place of the live version, over replayed history with side effects off (see the Runtime README on shadow mode).
    /// Declare it next to the live version under the same id: <c>e.Rule("fraud", version: 3).Candidate()</c>.
    /// </summary>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> Candidate()
    {
        IsCandidate = true;
        return this;
    }

    /// <summary>Sets the reaction that runs when the rule fires.</summary>
    /// <param name="reaction">The reaction; it acts through the context so every action is recorded.</param>
    public void Then(Func<IReactionContext, TState, Task> reaction) =>
        _reaction = reaction ?? throw new ArgumentNullException(nameof(reaction));

    /// <summary>Sets a synchronous reaction that runs when the rule fires.</summary>
    /// <param name="reaction">The reaction; it acts through the context so every action is recorded.</param>
    public void Then(Action<IReactionContext, TState> reaction)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        _reaction = (context, state) =>
        {
            reaction(context, state);
            return Task.CompletedTask;
        };
    }

    internal RuleDefinition<TState> Build()
    {
        if ((_armedBy is null) != (_cancelledBy is null))
        {
            throw new InvalidOperationException($"Rule '{Id}' is an absence rule only with both After<T>() and Absent<T>(within).");
        }

        if (_armedBy is null && _condition is null)
        {
            throw new InvalidOperationException($"Rule '{Id}' has no condition; call When(...).");
        }

        return new RuleDefinition<TState>
        {
            Id = Id,
            Version = Version,
            Condition = _condition,
            Reaction = _reaction ?? throw new InvalidOperationException($"Rule '{Id}' has no reaction; call Then(...)."),
            Cooldown = _cooldown,
            EveryMatch = _everyMatch,
            ArmedBy = _armedBy,
            CancelledBy = _cancelledBy,
            AbsentFor = _absentFor,
            StalenessTolerance = _staleness,
            StaleReaction = _staleReaction,
        };
    }
}
