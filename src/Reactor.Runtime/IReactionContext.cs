namespace Reactor.Runtime;

/// <summary>
/// Gives a reaction what it may do: emit events, call other grains, run user-defined actions, and record
/// facts in the decision record. Every action taken through it is part of the decision record.
/// </summary>
public interface IReactionContext
{
    /// <summary>Gets the id of the entity that is reacting.</summary>
    string EntityId { get; }

    /// <summary>Gets the id of the rule that fired.</summary>
    string RuleId { get; }

    /// <summary>Gets the version of the rule that fired.</summary>
    int RuleVersion { get; }

    /// <summary>Gets the event that made the rule fire.</summary>
    EventContext Trigger { get; }

    /// <summary>Gets the current time from the runtime's <see cref="TimeProvider"/>.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Gets the services of the host, for reactions that need more than the context offers (inference plugs in here).</summary>
    IServiceProvider Services { get; }

    /// <summary>Records a fact in the decision record (an input, a score, a reason).</summary>
    /// <param name="key">The fact's name.</param>
    /// <param name="value">The fact's value.</param>
    void Record(string key, string value);

    /// <summary>Emits an event to a topic, keyed by <paramref name="entityId"/> (this entity when omitted).</summary>
    /// <typeparam name="TEvent">A registered event type.</typeparam>
    /// <param name="topic">The destination topic.</param>
    /// <param name="event">The event.</param>
    /// <param name="entityId">The entity the event is about; this entity when <see langword="null"/>.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    Task Emit<TEvent>(string topic, TEvent @event, string? entityId = null)
        where TEvent : notnull;

    /// <summary>Calls another grain and records the call. The idempotency key is passed for targets that dedupe.</summary>
    /// <typeparam name="TGrain">The grain interface.</typeparam>
    /// <param name="key">The grain's key.</param>
    /// <param name="call">The call, given the grain and the action's idempotency key.</param>
    /// <param name="description">What the call does, for the decision record.</param>
    /// <returns>A task that completes when the call returns.</returns>
    Task CallGrain<TGrain>(string key, Func<TGrain, string, Task> call, string description)
        where TGrain : IGrainWithStringKey;

    /// <summary>Runs a user-defined action through the <see cref="Actions.IActionHandler{TAction}"/> registered for its type.</summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <param name="action">The action.</param>
    /// <returns>A task that completes when the handler has run.</returns>
    Task Act<TAction>(TAction action)
        where TAction : notnull;
}
