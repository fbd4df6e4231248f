namespace Reactor.Streaming.Kafka.Delivery;

/// <summary>What bounds one partition's direct deliveries; taken from the provider's cache and pulling agent options.</summary>
/// <param name="MaxEvents">The most events read and not yet delivered (<c>KafkaQueueCacheOptions.MaxCachedEvents</c>).</param>
/// <param name="MaxBytes">The partition's share of the silo's memory budget (<c>KafkaQueueCacheOptions.MaxCachedBytes</c>), read at each check.</param>
/// <param name="MaxEventsOfNewEntities">The most waiting events of entities no delivery has reached yet (<c>KafkaQueueCacheOptions.MaxEventsOfNewEntities</c>).</param>
/// <param name="MaxInFlight">The most entities with a call in flight; 0 for no limit (<c>KafkaQueueCacheOptions.MaxDeliveriesInFlight</c>).</param>
/// <param name="BatchSize">The most events one call carries (<c>StreamPullingAgentOptions.BatchContainerBatchSize</c>).</param>
/// <param name="MaxDeliveryTime">How long a failing delivery is retried before it is given up (<c>StreamPullingAgentOptions.MaxEventDeliveryTime</c>).</param>
internal sealed record DeliveryLimits(int MaxEvents, Func<long> MaxBytes, int MaxEventsOfNewEntities, int MaxInFlight, int BatchSize, TimeSpan MaxDeliveryTime);
