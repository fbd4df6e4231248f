using System.Text.Json;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;

namespace Reactor.Testing;

/// <summary>Captures what reactions do instead of sending it anywhere.</summary>
internal sealed class TestReactionEnvironment(IServiceProvider services) : IReactionEnvironment
{
    public List<TestEmittedEvent> Emitted { get; } = [];

    public List<object> Actions { get; } = [];

    public List<(Type Grain, string Key, string IdempotencyKey)> GrainCalls { get; } = [];

    public IServiceProvider Services { get; } = services;

    public Task EmitAsync(EmittedEvent emitted)
    {
        using var document = JsonDocument.Parse(emitted.CloudEventJson);
        var root = document.RootElement;
        Emitted.Add(new TestEmittedEvent(
            emitted.Topic,
            emitted.EntityId,
            root.GetProperty("type").GetString()!,
            root.TryGetProperty("data", out var data) ? data.Clone() : default,
            emitted.IdempotencyKey));
        return Task.CompletedTask;
    }

    public Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey
    {
        GrainCalls.Add((typeof(TGrain), key, idempotencyKey));
        return Task.CompletedTask;
    }

    public Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull
    {
        Actions.Add(action);
        return Task.CompletedTask;
    }
}
