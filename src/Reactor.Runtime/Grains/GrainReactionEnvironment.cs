using Microsoft.Extensions.DependencyInjection;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;

namespace Reactor.Runtime.Grains;

/// <summary>Carries out reactions' actions from inside an entity grain, through the host's sinks.</summary>
internal sealed class GrainReactionEnvironment(IServiceProvider services, IGrainFactory grains) : IReactionEnvironment
{
    public IServiceProvider Services { get; } = services;

    public Task EmitAsync(EmittedEvent emitted)
    {
        var emitter = Services.GetService<IEventEmitter>()
            ?? throw new InvalidOperationException("No IEventEmitter is registered, so reactions cannot emit events; add a source or sink that provides one (for example AddReactorInProcessSource).");
        return emitter.EmitAsync(emitted);
    }

    public Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey =>
        call(grains.GetGrain<TGrain>(key), idempotencyKey);

    public Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull
    {
        var handler = Services.GetService<IActionHandler<TAction>>()
            ?? throw new InvalidOperationException($"No IActionHandler<{typeof(TAction).Name}> is registered; add it with AddActionHandler in AddReactor.");
        return handler.HandleAsync(action, idempotencyKey, CancellationToken.None);
    }
}
