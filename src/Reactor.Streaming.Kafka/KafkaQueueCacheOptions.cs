using System.Globalization;

namespace Orleans.Configuration;

/// <summary>
/// Configures the entity-indexed queue cache of a Kafka stream provider: one cache per Kafka partition (Orleans queue),
/// indexed by stream so that delivering an event costs the same whatever the number of entities sharing the partition.
/// </summary>
/// <remarks>
/// Configure it per provider: <c>streams.Configure&lt;KafkaQueueCacheOptions&gt;(ob =&gt; ob.Configure(o =&gt; o.MaxCachedEvents = 16_384))</c>.
/// How many events the pulling agent delivers to a grain in one call is <see cref="StreamPullingAgentOptions.BatchContainerBatchSize"/>;
/// the cache reads that option of the same provider and needs no setting of its own for it.
/// </remarks>
public sealed class KafkaQueueCacheOptions
{
    /// <summary>Holds the default of <see cref="MaxCachedEvents"/>: 8,192 events per partition.</summary>
    public const int DefaultMaxCachedEvents = 8_192;

    /// <summary>Holds the default of <see cref="MaxEventsPerRead"/>: 1,024 events.</summary>
    public const int DefaultMaxEventsPerRead = 1_024;

    /// <summary>
    /// Gets or sets the most events (batch containers) the cache of one partition holds: events read from Kafka and not yet
    /// delivered to every subscription of their entity. When it is full the pulling agent stops reading the partition
    /// (backpressure) until deliveries free room. The default is 8,192 (<see cref="DefaultMaxCachedEvents"/>).
    /// </summary>
    /// <remarks>
    /// The bound is what keeps memory flat: about <c>MaxCachedEvents × (data size + ~450 bytes)</c> per partition, where
    /// the data is the record value in binary mode and plain JSON, and a structured CloudEvent's <c>data</c> (copied out of
    /// the document when it is at most half of it); so 8,192 one-kilobyte messages take ~12 MB, and 32 partitions on one
    /// silo ~0.4 GB. The cache's cost per event does not
    /// grow with its size. A larger value speeds up draining a backlog (catch-up after downtime, replay): a delivery carries
    /// what of its entity's events is cached when the previous one completes, so more room means more events per grain
    /// call; at 10,000 entities on two cores 32,768 drained ~1.4x faster than
    /// 8,192 for ~34 MB more heap per partition (docs/benchmarks.md). It does not change live freshness. The offset a
    /// partition can commit trails its oldest undelivered event by at most this many events.
    /// </remarks>
    public int MaxCachedEvents { get; set; } = DefaultMaxCachedEvents;

    /// <summary>
    /// Gets or sets the most events the pulling agent asks the receiver for in one read. The agent asks for less when the
    /// cache has less free room, so a value above <see cref="MaxCachedEvents"/> acts as <see cref="MaxCachedEvents"/>.
    /// The default is 1,024 (<see cref="DefaultMaxEventsPerRead"/>).
    /// </summary>
    /// <remarks>
    /// The agent adds a read to the cache and registers the new streams in it within one turn, so this bounds the length of
    /// that turn; 1,024 events take a few milliseconds on one core.
    /// </remarks>
    public int MaxEventsPerRead { get; set; } = DefaultMaxEventsPerRead;

    /// <summary>Checks the options, naming the provider and the offending property.</summary>
    /// <param name="providerName">The stream provider the options belong to, for the message.</param>
    /// <exception cref="OrleansConfigurationException">A property is out of range.</exception>
    public void Validate(string providerName)
    {
        if (MaxCachedEvents < 1)
        {
            throw new OrleansConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Kafka stream provider '{providerName}': {nameof(KafkaQueueCacheOptions)}.{nameof(MaxCachedEvents)} must be at least 1; it is {MaxCachedEvents}."));
        }

        if (MaxEventsPerRead < 1)
        {
            throw new OrleansConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Kafka stream provider '{providerName}': {nameof(KafkaQueueCacheOptions)}.{nameof(MaxEventsPerRead)} must be at least 1; it is {MaxEventsPerRead}."));
        }
    }
}
