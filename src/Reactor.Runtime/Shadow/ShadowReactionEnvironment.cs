using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;

namespace Reactor.Runtime.Shadow;

/// <summary>
/// Refuses every action. A shadow evaluation feeds its engines replayed events, whose reactions record their actions as
/// suppressed without calling the environment; reaching it would be a bug, and it must not cause an effect.
/// </summary>
internal sealed class ShadowReactionEnvironment(IServiceProvider services) : IReactionEnvironment
{
    public IServiceProvider Services { get; } = services;

    public Task EmitAsync(EmittedEvent emitted) => throw Refused();

    public Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey => throw Refused();

    public Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull => throw Refused();

    private static InvalidOperationException Refused() => new("A shadow evaluation never runs actions; it only records what would have run.");
}
