using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>
/// A receiver that generates its queue's events in memory, as a Kafka partition would hold them: round after round, one
/// event per entity of the queue, at increasing offsets.
/// </summary>
internal sealed class SyntheticQueueReceiver(QueueId queueId, IReadOnlyList<string> entities, SyntheticQueueState state) : IQueueAdapterReceiver
{
    private long _nextOffset;

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var total = (long)entities.Count * state.EventsPerEntity;
        var batch = new List<IBatchContainer>();
        while (batch.Count < maxCount && _nextOffset < total)
        {
            var entity = entities[(int)(_nextOffset % entities.Count)];
            var sequence = (int)(_nextOffset / entities.Count);
            batch.Add(new TestBatchContainer(
                StreamId.Create(TestBatchContainer.Namespace, entity),
                new EventSequenceTokenV2(_nextOffset, 0),
                new TestEvent(entity, sequence)));
            _nextOffset++;
        }

        return Task.FromResult<IList<IBatchContainer>>(batch);
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        state.Delivered(queueId, messages);
        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract; the agent calls the overloads above.
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);
#pragma warning restore CS0618
}
