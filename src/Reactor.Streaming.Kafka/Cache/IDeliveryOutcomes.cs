using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Tells the receiver how the events of one purge fared. The list that <see cref="EntityIndexedQueueCache.TryPurgeFromCache"/>
/// returns implements it, and the pulling agent hands that same list to
/// <see cref="IQueueAdapterReceiver.MessagesDeliveredAsync(IList{IBatchContainer}, CancellationToken)"/>, so a receiver reads
/// it with <c>messages is IDeliveryOutcomes outcomes</c>. The containers themselves are neither wrapped nor changed.
/// </summary>
/// <remarks>
/// Every purged event is finished as far as the cache is concerned: delivered to every subscription of its stream, given up
/// after its delivery failed (the agent retried until <c>MaxEventDeliveryTime</c>, recorded the failure and moved on), or
/// never wanted (its stream had no subscription). Failed events are purged like the others rather than kept, so one poison
/// event never holds back its partition; the receiver dead-letters them before committing past them.
/// </remarks>
internal interface IDeliveryOutcomes
{
    /// <summary>
    /// Gets the purged containers whose delivery to at least one subscription failed for good, in purge order; empty when
    /// every delivery succeeded.
    /// </summary>
    IReadOnlyList<IBatchContainer> FailedDeliveries { get; }

    /// <summary>
    /// Gets how many purged containers no cursor ever returned: their stream had no subscription (for example no grain type
    /// subscribes to its namespace), so no grain received them.
    /// </summary>
    int NeverDeliveredCount { get; }
}
