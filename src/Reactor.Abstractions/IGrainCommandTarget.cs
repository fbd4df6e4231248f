namespace Reactor.Abstractions;

/// <summary>
/// A grain that takes commands of type <typeparamref name="TCommand"/> from reactions through the entity's outbox
/// (<c>ctx.SendCommand</c>): the command is stored with the action, so a send cut short by a crash is sent again after
/// the restart, with the same idempotency key. Dedupe on the key to apply each command once.
/// </summary>
/// <typeparam name="TCommand">The command type; System.Text.Json must round-trip it.</typeparam>
[Alias("reactor.IGrainCommandTarget`1")]
public interface IGrainCommandTarget<TCommand> : IGrainWithStringKey
{
    /// <summary>Handles one command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="idempotencyKey">The action's stable key, the same on every attempt.</param>
    /// <returns>A task that completes when the command is handled.</returns>
    [Alias("HandleCommand")]
    Task HandleCommandAsync(TCommand command, string idempotencyKey);
}
