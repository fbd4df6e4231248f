using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Lists what one purge of an <see cref="EntityIndexedQueueCache"/> removed: the containers in arrival order, plus the
/// <see cref="IDeliveryOutcomes"/> of the purge.
/// </summary>
internal sealed class PurgedEvents : List<IBatchContainer>, IDeliveryOutcomes
{
    private List<IBatchContainer>? _failed;

    /// <inheritdoc />
    public IReadOnlyList<IBatchContainer> FailedDeliveries => (IReadOnlyList<IBatchContainer>?)_failed ?? [];

    /// <inheritdoc />
    public int NeverDeliveredCount { get; private set; }

    /// <summary>Appends a purged event.</summary>
    /// <param name="cachedEvent">The event.</param>
    public void Add(CachedEvent cachedEvent)
    {
        Add(cachedEvent.Container);
        if (cachedEvent.DeliveryFailed)
        {
            (_failed ??= []).Add(cachedEvent.Container);
        }

        if (!cachedEvent.Returned)
        {
            NeverDeliveredCount++;
        }
    }
}
