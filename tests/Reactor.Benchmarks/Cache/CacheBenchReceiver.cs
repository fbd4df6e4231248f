using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// A receiver that synthesizes its queue's events in memory: the entities the mapper assigns to the queue, round-robin,
/// at increasing offsets, up to what <see cref="CacheBenchFeed"/> says the queue holds.
/// </summary>
internal sealed class CacheBenchReceiver(string provider, IReadOnlyList<StreamId> streams, CacheBenchFeed feed) : IQueueAdapterReceiver
{
    private long _nextOffset;

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var available = ((long)feed.EventsPerEntity(provider) * streams.Count) - _nextOffset;
        var count = (int)Math.Min(available, maxCount < 0 ? 1_000 : maxCount);
        if (count <= 0)
        {
            return Task.FromResult<IList<IBatchContainer>>([]);
        }

        var batch = new IBatchContainer[count];
        for (var i = 0; i < count; i++)
        {
            var stream = streams[(int)(_nextOffset % streams.Count)];
            batch[i] = new CacheBenchContainer(stream, new EventSequenceTokenV2(_nextOffset, 0), new CacheBenchEvent(1));
            _nextOffset++;
        }

        return Task.FromResult<IList<IBatchContainer>>(batch);
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        feed.HandedBack(provider, messages.Count);
        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract; the agent calls the overloads above.
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);
#pragma warning restore CS0618
}
