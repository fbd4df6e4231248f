using System.Globalization;

namespace Orleans.Configuration;

/// <summary>
/// Configures the entity-indexed queue cache of a Kafka stream provider: one cache per Kafka partition (Orleans queue),
/// indexed by stream so that delivering an event costs the same whatever the number of entities sharing the partition.
/// </summary>
/// <remarks>
/// Configure it per provider: <c>streams.Configure&lt;KafkaQueueCacheOptions&gt;(ob =&gt; ob.Configure(o =&gt; o.MaxCachedBytes = 512L * 1024 * 1024))</c>.
/// How many events the pulling agent delivers to a grain in one call is <see cref="StreamPullingAgentOptions.BatchContainerBatchSize"/>;
/// the cache reads that option of the same provider and needs no setting of its own for it.
/// </remarks>
public sealed class KafkaQueueCacheOptions
{
    /// <summary>Holds the default of <see cref="MaxCachedEvents"/>: 131,072 events per partition.</summary>
    public const int DefaultMaxCachedEvents = 131_072;

    /// <summary>Holds the default of <see cref="MaxCachedBytes"/>: 128 MiB per silo.</summary>
    public const long DefaultMaxCachedBytes = 128L * 1024 * 1024;

    /// <summary>Holds the smallest <see cref="MaxCachedBytes"/> accepted: 1 MiB.</summary>
    public const long MinMaxCachedBytes = 1024L * 1024;

    /// <summary>Holds the largest <see cref="MaxCachedBytes"/> accepted: 1 TiB.</summary>
    public const long MaxMaxCachedBytes = 1024L * 1024 * 1024 * 1024;

    /// <summary>Holds the default of <see cref="MaxEventsOfNewEntities"/>: 8,192 events per partition.</summary>
    public const int DefaultMaxEventsOfNewEntities = 8_192;

    /// <summary>Holds the default of <see cref="MaxDeliveriesInFlight"/>: 2,048 per partition.</summary>
    public const int DefaultMaxDeliveriesInFlight = 2_048;

    /// <summary>Holds the default of <see cref="MaxEventsPerRead"/>: 1,024 events.</summary>
    public const int DefaultMaxEventsPerRead = 1_024;

    /// <summary>
    /// Gets or sets the most events (batch containers) the cache of one partition holds: events read from Kafka and not yet
    /// delivered to every subscription of their entity. When it is full the pulling agent stops reading the partition
    /// (backpressure) until deliveries free room. The default is 131,072 (<see cref="DefaultMaxCachedEvents"/>); usually
    /// the partition's share of <see cref="MaxCachedBytes"/> is reached first.
    /// </summary>
    /// <remarks>
    /// The cache's cost per event does not grow with its size. The offset a partition can commit trails its oldest
    /// undelivered event by at most this many events.
    /// </remarks>
    public int MaxCachedEvents { get; set; } = DefaultMaxCachedEvents;

    /// <summary>
    /// Gets or sets the heap the caches of all partitions one silo reads may keep alive together, shared equally among those
    /// partitions: a silo reading 8 partitions gives each 16 MiB of the default 128 MiB, one reading 2 gives each 64 MiB.
    /// A partition whose cache holds its share stops reading (backpressure) until deliveries free room. The default is
    /// 128 MiB (<see cref="DefaultMaxCachedBytes"/>).
    /// </summary>
    /// <remarks>
    /// An event counts about 450 bytes plus its data: the record value in binary mode and plain JSON, and a structured
    /// CloudEvent's <c>data</c> (copied out of the document when it is at most half of it, otherwise the whole value); so
    /// 128 MiB holds ~280,000 small events or ~90,000 one-kilobyte ones. The estimate leaves out what librdkafka
    /// prefetches (<c>queued.max.messages.kbytes</c> per consumer) and the entities' own state.
    /// More room drains a backlog faster (catch-up after downtime, replay, many entities per partition): a delivery
    /// carries what of its entity's events is cached when the previous one completes, so room for more events per entity
    /// means more events per grain call. On two cores, at 10,000 entities over 8 partitions, the default (~33,000 small
    /// events per partition) drained 1.45x faster than the former fixed 8,192 (docs/benchmarks.md). It does not change
    /// live freshness.
    /// </remarks>
    public long MaxCachedBytes { get; set; } = DefaultMaxCachedBytes;

    /// <summary>
    /// Gets or sets the most cached events of one partition that may belong to entities without a completed delivery from
    /// it: entities whose grains are activating, subscribing or receiving their first events (a cold start, a silo taking
    /// over partitions, a stream of first-time entities). While that many are cached the partition stops reading. The
    /// default is 8,192 (<see cref="DefaultMaxEventsOfNewEntities"/>).
    /// </summary>
    /// <remarks>
    /// Every new entity costs an activation (its state read) before its first event can be applied; reading further ahead
    /// only queues more of them in front of the deliveries of active entities. At one million entities of one event each,
    /// the stalls of activation grew from 17 to 50–93 gaps of over half a second when up to ~33,000 such events per
    /// partition could be cached instead of 8,192 (docs/benchmarks.md).
    /// </remarks>
    public int MaxEventsOfNewEntities { get; set; } = DefaultMaxEventsOfNewEntities;

    /// <summary>
    /// Gets or sets the most deliveries (grain calls to entities) one partition has in flight at once; 0 for no limit.
    /// Entities beyond the limit wait in the cache, in arrival order, and take more of their events per delivery when
    /// their turn comes. The default is 2,048 (<see cref="DefaultMaxDeliveriesInFlight"/>).
    /// </summary>
    /// <remarks>
    /// With direct delivery (<c>KafkaDelivery.Direct</c>) waiting entities are served as calls end, and entities no
    /// delivery has reached yet (activations) get at most an eighth of the limit at once, ahead of the others.
    /// Orleans' pulling agent starts a delivery for every entity with cached events at once: with 12,500 entities per
    /// partition, thousands of grain calls waited seconds in the scheduler, with everything they hold outliving young
    /// collections, and the entities' write completions and checkpoint calls queued behind them. On two cores, at
    /// 100,000 entities over 8 partitions, the default drained 1.5–1.7x faster than no limit with a third less heap; at
    /// 10,000 entities (1,250 per partition) it changed nothing measurable. A held-back entity is woken by the
    /// partition's next read, which in a saturated silo waits its turn in the scheduler: 1,024 also held back live
    /// traffic at 20,000 events/s over 100,000 entities and raised its latency, 2,048 did not (docs/benchmarks.md,
    /// "Deliveries in flight"). Watch <c>reactor.kafka.deliveries.held_back</c>.
    /// </remarks>
    public int MaxDeliveriesInFlight { get; set; } = DefaultMaxDeliveriesInFlight;

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
        if (FindProblems(property => $"Kafka stream provider '{providerName}': {nameof(KafkaQueueCacheOptions)}.{property}") is [var first, ..])
        {
            throw new OrleansConfigurationException(first);
        }
    }

    /// <summary>Describes each property out of range, naming it with <paramref name="name"/> (a configuration key, for example).</summary>
    /// <param name="name">Turns a property name into the name the message shows.</param>
    /// <returns>One message per property out of range; empty when the options are valid.</returns>
    public IReadOnlyList<string> FindProblems(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problems = new List<string>();
        if (MaxCachedEvents < 1)
        {
            problems.Add(OutOfRange(name(nameof(MaxCachedEvents)), "at least 1", MaxCachedEvents));
        }

        if (MaxCachedBytes is < MinMaxCachedBytes or > MaxMaxCachedBytes)
        {
            problems.Add(OutOfRange(name(nameof(MaxCachedBytes)), $"between {MinMaxCachedBytes} (1 MiB) and {MaxMaxCachedBytes} (1 TiB)", MaxCachedBytes));
        }

        if (MaxEventsOfNewEntities < 1)
        {
            problems.Add(OutOfRange(name(nameof(MaxEventsOfNewEntities)), "at least 1", MaxEventsOfNewEntities));
        }

        if (MaxDeliveriesInFlight < 0)
        {
            problems.Add(OutOfRange(name(nameof(MaxDeliveriesInFlight)), "0 (no limit) or more", MaxDeliveriesInFlight));
        }

        if (MaxEventsPerRead < 1)
        {
            problems.Add(OutOfRange(name(nameof(MaxEventsPerRead)), "at least 1", MaxEventsPerRead));
        }

        return problems;
    }

    private static string OutOfRange(string setting, string requirement, long value) =>
        string.Create(CultureInfo.InvariantCulture, $"{setting} must be {requirement}; it is {value}.");
}
