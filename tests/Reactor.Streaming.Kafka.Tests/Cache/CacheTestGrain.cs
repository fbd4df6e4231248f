using Orleans.Streams;
using Orleans.Streams.Core;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>Receives the synthetic events of its entity, with no storage, and records them in the test's state.</summary>
[ImplicitStreamSubscription(TestBatchContainer.Namespace)]
public sealed class CacheTestGrain(SyntheticQueueState state) : Grain, ICacheTestGrain, IStreamSubscriptionObserver, IAsyncObserver<TestEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<TestEvent>().ResumeAsync(this);
    }

    public Task OnNextAsync(TestEvent item, StreamSequenceToken? token = null)
    {
        state.Receive(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
