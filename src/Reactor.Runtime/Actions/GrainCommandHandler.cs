using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Runtime.Actions;

/// <summary>Sends <see cref="GrainCommand"/> actions to their grains.</summary>
internal sealed class GrainCommandHandler(IGrainFactory grains) : IActionHandler<GrainCommand>
{
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public Task HandleAsync(GrainCommand action, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var grainInterface = Resolve(action.GrainInterface);
        var commandType = Resolve(action.CommandType);
        var target = typeof(IGrainCommandTarget<>).MakeGenericType(commandType);
        if (!target.IsAssignableFrom(grainInterface))
        {
            throw new InvalidOperationException($"{grainInterface.Name} does not implement {nameof(IGrainCommandTarget<object>)}<{commandType.Name}>.");
        }

        var command = action.Command.Deserialize(commandType, ReactorJson.Options)
            ?? throw new InvalidOperationException($"The stored {commandType.Name} command is null.");
        var grain = grains.GetGrain(grainInterface, action.GrainKey);
        var handle = target.GetMethod(nameof(IGrainCommandTarget<object>.HandleCommandAsync))!;
        try
        {
            return (Task)handle.Invoke(grain, [command, idempotencyKey])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return Task.FromException(ex.InnerException);
        }
    }

    private static Type Resolve(string typeName) =>
        Types.GetOrAdd(typeName, static name => Type.GetType(name, throwOnError: false)
            ?? throw new InvalidOperationException($"Type '{name}' of a stored grain command cannot be loaded."));
}
