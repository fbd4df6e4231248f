using System.Collections.Concurrent;
using Reactor.Runtime.Actions;

namespace Reactor.Runtime.Tests.Shadow;

internal sealed class RecordingEmitter : IEventEmitter
{
    public ConcurrentQueue<EmittedEvent> Emitted { get; } = new();

    public Task EmitAsync(EmittedEvent emitted, CancellationToken cancellationToken = default)
    {
        Emitted.Enqueue(emitted);
        return Task.CompletedTask;
    }
}
