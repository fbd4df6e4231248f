namespace Reactor.Runtime;

/// <summary>Builds one rule: the condition over the state and the reaction that runs when it becomes true.</summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class RuleBuilder<TState>
    where TState : class, new()
{
    private Func<TState, bool>? _condition;
    private Func<IReactionContext, TState, Task>? _reaction;

    internal RuleBuilder(string id, int version)
    {
        Id = id;
        Version = version;
    }

    internal string Id { get; }

    internal int Version { get; }

    /// <summary>Sets the condition. The rule fires once each time the condition turns from false to true.</summary>
    /// <param name="condition">The condition over the state after the event was applied.</param>
    /// <returns>This builder, for chaining.</returns>
    public RuleBuilder<TState> When(Func<TState, bool> condition)
    {
        _condition = condition ?? throw new ArgumentNullException(nameof(condition));
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

    internal RuleDefinition<TState> Build() => new(
        Id,
        Version,
        _condition ?? throw new InvalidOperationException($"Rule '{Id}' has no condition; call When(...)."),
        _reaction ?? throw new InvalidOperationException($"Rule '{Id}' has no reaction; call Then(...)."));
}
