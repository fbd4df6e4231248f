using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Runtime.Actions;

/// <summary>Adds durable grain commands to the reaction context.</summary>
public static class ReactionContextGrainCommandExtensions
{
    /// <summary>
    /// Sends <paramref name="command"/> to grain <paramref name="grainKey"/> of <typeparamref name="TGrain"/> through the
    /// outbox: stored with the action before it runs, sent at least once (again after a crash, with the same key), never
    /// again once its completion is recorded. The grain receives the key and dedupes on it to apply the command once.
    /// </summary>
    /// <typeparam name="TGrain">The grain interface; it implements <see cref="IGrainCommandTarget{TCommand}"/>.</typeparam>
    /// <typeparam name="TCommand">The command type; System.Text.Json must round-trip it.</typeparam>
    /// <param name="context">The reaction context.</param>
    /// <param name="grainKey">The target grain's key.</param>
    /// <param name="command">The command.</param>
    /// <returns>A task that completes when the command is in the outbox (or, without an outbox, was handled).</returns>
    public static Task SendCommand<TGrain, TCommand>(this IReactionContext context, string grainKey, TCommand command)
        where TGrain : IGrainCommandTarget<TCommand>
        where TCommand : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(grainKey);
        ArgumentNullException.ThrowIfNull(command);
        return context.Act(new GrainCommand(TypeName(typeof(TGrain)), grainKey, TypeName(typeof(TCommand)), JsonSerializer.SerializeToElement(command, ReactorJson.Options)));
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
