using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;

namespace Reactor.Benchmarks.Rules;

/// <summary>Accepts every action and does nothing, so the benchmark measures the engine, not a sink.</summary>
internal sealed class DiscardingEnvironment : IReactionEnvironment
{
    public IServiceProvider Services { get; } = new EmptyServices();

    public Task EmitAsync(EmittedEvent emitted) => Task.CompletedTask;

    public Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey => Task.CompletedTask;

    public Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull => Task.CompletedTask;

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
