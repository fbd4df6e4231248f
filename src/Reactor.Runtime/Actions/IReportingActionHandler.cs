namespace Reactor.Runtime.Actions;

/// <summary>
/// Runs a user-defined action and reports what it did, for the decision record. Register it instead of an
/// <see cref="IActionHandler{TAction}"/> when the run has facts worth keeping (agents do).
/// </summary>
/// <typeparam name="TAction">The action type.</typeparam>
public interface IReportingActionHandler<in TAction>
{
    /// <summary>Runs the action. Use <paramref name="idempotencyKey"/> to make the effect happen once downstream.</summary>
    /// <param name="action">The action.</param>
    /// <param name="idempotencyKey">The stable key of this action (the same on every retry).</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What the run did.</returns>
    Task<ActionReport> HandleAsync(TAction action, string idempotencyKey, CancellationToken cancellationToken);
}
