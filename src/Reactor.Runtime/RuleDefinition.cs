namespace Reactor.Runtime;

/// <summary>A rule as the engine runs it.</summary>
internal sealed record RuleDefinition<TState>(
    string Id,
    int Version,
    Func<TState, bool> Condition,
    Func<IReactionContext, TState, Task> Reaction)
{
    /// <summary>Gets the key under which the engine remembers whether the rule's condition held.</summary>
    public string Key { get; } = $"{Id}@v{Version}";
}
