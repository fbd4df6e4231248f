namespace Reactor.Runtime;

/// <summary>A rule as the engine runs it.</summary>
internal sealed class RuleDefinition<TState>
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    /// <summary>Gets the condition; for an absence rule an optional guard checked when the deadline fires.</summary>
    public Func<TState, bool>? Condition { get; init; }

    public required Func<IReactionContext, TState, Task> Reaction { get; init; }

    /// <summary>Gets the shortest event time between two firings, or <see langword="null"/> for none.</summary>
    public TimeSpan? Cooldown { get; init; }

    /// <summary>Gets a value indicating whether the rule fires on every matching event rather than once per crossing.</summary>
    public bool EveryMatch { get; init; }

    /// <summary>Gets the event type that arms an absence rule's deadline, or <see langword="null"/> for a condition rule.</summary>
    public Type? ArmedBy { get; init; }

    /// <summary>Gets the event type whose arrival in time cancels the deadline.</summary>
    public Type? CancelledBy { get; init; }

    /// <summary>Gets how long after the arming event the cancelling event must arrive.</summary>
    public TimeSpan AbsentFor { get; init; }

    /// <summary>Gets the event age (arrival minus event time) the rule tolerates, or <see langword="null"/> for any.</summary>
    public TimeSpan? StalenessTolerance { get; init; }

    /// <summary>Gets the reaction run instead for a stale event, or <see langword="null"/> to skip the firing.</summary>
    public Func<IReactionContext, TState, Task>? StaleReaction { get; init; }

    /// <summary>Gets the key under which the engine remembers whether the rule's condition held.</summary>
    public string Key => field ??= $"{Id}@v{Version}";

    public bool IsAbsence => ArmedBy is not null;
}
