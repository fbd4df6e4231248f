namespace Reactor.Runtime.Actions;

/// <summary>Runs a user-defined action taken by a reaction. Register implementations in the host's services.</summary>
/// <typeparam name="TAction">The action type.</typeparam>
public interface IActionHandler<in TAction>
{
    /// <summary>Runs the action. Use <paramref name="idempotencyKey"/> to make the effect happen once downstream.</summary>
    /// <param name="action">The action.</param>
    /// <param name="idempotencyKey">The stable key of this action (the same on every retry).</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>A task that completes when the action is done.</returns>
    Task HandleAsync(TAction action, string idempotencyKey, CancellationToken cancellationToken);
}
