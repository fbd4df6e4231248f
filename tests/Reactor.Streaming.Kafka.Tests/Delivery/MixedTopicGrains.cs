using Orleans.Streams;
using Orleans.Streams.Core;
using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

[Alias("kafka-tests.IMixedCounterGrain")]
public interface IMixedCounterGrain : IEntityGrain;

/// <summary>An entity on a topic that a plain grain subscribes to as well.</summary>
[ReactsTo(MixedTopic.Name)]
public sealed class MixedCounterGrain : EntityGrain<Counter>, IMixedCounterGrain
{
    protected override void Define(EntityDefinition<Counter> entity) =>
        entity.On<Increment>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
            s.Amounts.Add(ev.Amount);
        });
}

[Alias("kafka-tests.IMixedTopicWatcherGrain")]
public interface IMixedTopicWatcherGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<long>> GetSeenOffsetsAsync();
}

/// <summary>A grain of the application's own (not an entity) subscribed to the same topic through a stream subscription.</summary>
[ImplicitStreamSubscription(MixedTopic.Name)]
public sealed class MixedTopicWatcherGrain : Grain, IMixedTopicWatcherGrain, IStreamSubscriptionObserver, IAsyncObserver<EventEnvelope>
{
    private readonly List<long> _seen = [];

    public Task<IReadOnlyList<long>> GetSeenOffsetsAsync() => Task.FromResult<IReadOnlyList<long>>([.. _seen]);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<EventEnvelope>().ResumeAsync(this);
    }

    public Task OnNextAsync(EventEnvelope item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        _seen.Add(item.Position.Offset);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

public static class MixedTopic
{
    public const string Name = "k-mixed";
}
