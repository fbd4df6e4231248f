using Reactor.Runtime.Engine;

namespace Reactor.Runtime.Tests.Engine;

/// <summary>Captures what reactions emit instead of sending it anywhere.</summary>
internal sealed class RecordingEnvironment : IReactionEnvironment
{
    public List<(string Topic, string EntityId, string IdempotencyKey, string Json, string? TraceParent)> Emitted { get; } = [];

    public IServiceProvider Services { get; } = new EmptyServices();

    public Task EmitAsync(Actions.EmittedEvent emitted)
    {
        Emitted.Add((emitted.Topic, emitted.EntityId, emitted.IdempotencyKey, System.Text.Encoding.UTF8.GetString(emitted.CloudEventJson.Span), emitted.TraceParent));
        return Task.CompletedTask;
    }

    public Task CallGrainAsync<TGrain>(string key, Func<TGrain, string, Task> call, string idempotencyKey)
        where TGrain : IGrainWithStringKey => throw new NotSupportedException();

    public Task ActAsync<TAction>(TAction action, string idempotencyKey)
        where TAction : notnull => throw new NotSupportedException();

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
