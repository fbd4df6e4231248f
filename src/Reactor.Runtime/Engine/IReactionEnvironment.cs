namespace Reactor.Runtime.Engine;

/// <summary>
/// Carries out the actions reactions take. The entity grain runs them for real through the action sinks;
/// the test kit captures them.
/// </summary>
public interface IReactionEnvironment
{
    /// <summary>Gets the services reactions may use.</summary>
    IServiceProvider Services { get; }

    /// <summary>Emits an event to a topic.</summary>
    /// <param name="emitted">The event, its destination, idempotency key and trace parent.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    Task EmitAsync(Actions.EmittedEvent emitted);

    /// <summary>Calls a grain.</summary>
    /// <typeparam name="TGrain">The grain interface.</typeparam>
    /// <param name="key">The grain key.</param>
    /// <param name="call">The call, given the grain and the idempotency key.</param>
    /// <param name="idempotencyKey">The action's idempotency key.</param>
    /// <returns>A task that completes when the call returns.</returns>
    Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey;

    /// <summary>Runs a user-defined action.</summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <param name="action">The action.</param>
    /// <param name="idempotencyKey">The action's idempotency key.</param>
    /// <returns>A task that completes when the action is done.</returns>
    Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull;
}
