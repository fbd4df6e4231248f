using Confluent.Kafka;

namespace Orleans.Configuration;

/// <summary>
/// Configures a Reactor Kafka stream provider. <see cref="Consumer"/> and <see cref="Producer"/> are Confluent.Kafka's
/// own configurations, so every librdkafka setting (SASL, TLS, client id, timeouts) passes through unchanged.
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>Gets or sets the consumer configuration. <c>BootstrapServers</c> and <c>GroupId</c> are required;
    /// the provider manages offsets itself, so auto-commit and auto offset store are switched off whatever is set here.</summary>
    public ConsumerConfig Consumer { get; set; } = new();

    /// <summary>Gets or sets the producer configuration for emitted events and dead letters. <c>BootstrapServers</c>
    /// defaults to the consumer's; idempotence is switched on and acks are <c>all</c> whatever is set here.</summary>
    public ProducerConfig Producer { get; set; } = new();

    /// <summary>Gets the topics to read. At least one is required.</summary>
    public IList<KafkaTopicOptions> Topics { get; } = [];

    /// <summary>Gets or sets where a partition starts when the group has no committed offset. Default: <see cref="KafkaStartPosition.Earliest"/>.</summary>
    public KafkaStartPosition StartPosition { get; set; } = KafkaStartPosition.Earliest;

    /// <summary>Gets or sets the time to start from when <see cref="StartPosition"/> is <see cref="KafkaStartPosition.Timestamp"/>. Default: none.</summary>
    public DateTimeOffset? StartTimestamp { get; set; }

    /// <summary>Gets or sets how reactions' emitted events are laid out and how long producers flush on shutdown. Default: CloudEvents binary mode, 10 seconds.</summary>
    public KafkaEgressOptions Egress { get; set; } = new();

    /// <summary>Gets or sets the topic that receives events Reactor cannot process. Default: <c>reactor-dead-letters</c>.</summary>
    public string DeadLetterTopic { get; set; } = "reactor-dead-letters";

    /// <summary>Gets or sets how often each partition asks the entities it delivered to for durability and commits. Default: 5 seconds.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how events reach the grains: <see cref="KafkaDelivery.Direct"/> (the default) calls the entity grains
    /// that react to a topic directly, <see cref="KafkaDelivery.StreamSubscriptions"/> goes through Orleans' pulling agent
    /// and stream subscriptions. Both keep each entity's events in order, commit the same way and are bounded by
    /// <see cref="KafkaQueueCacheOptions"/>; with direct delivery a silo keeps up with about 1.5 times the live event rate
    /// on the same cores and drains a backlog faster (docs/benchmarks.md, "Direct delivery").
    /// </summary>
    public KafkaDelivery Delivery { get; set; } = KafkaDelivery.Direct;

    /// <summary>Gets or sets the most events one read takes from a partition. Default: 1,000.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Gets or sets how many entity flushes one checkpoint runs at once. Default: 256.</summary>
    public int MaxConcurrentFlushes { get; set; } = 256;

    /// <summary>
    /// Gets or sets the share of <see cref="CheckpointInterval"/> over which a checkpoint spreads its requests to the
    /// entities (each starts a state write), in groups at least 20 ms apart; each partition also starts its checkpoints
    /// at a random point of the interval. 0 asks every entity at once, at the same point for every partition. Default: 0.5.
    /// </summary>
    /// <remarks>A larger spread smooths the write load (a lower freshness tail) and delays the commit by up to that share of the interval.</remarks>
    public double CheckpointSpread { get; set; } = 0.5;

    /// <summary>Gets or sets the time limit for broker metadata and offset queries. Default: 30 seconds.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether missing topics are created at start-up with <see cref="KafkaTopicOptions.Partitions"/>. Default: <see langword="false"/>.</summary>
    public bool CreateTopics { get; set; }
}
