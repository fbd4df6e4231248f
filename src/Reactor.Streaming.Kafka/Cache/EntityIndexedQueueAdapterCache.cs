using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Creates an <see cref="EntityIndexedQueueCache"/> for each queue (Kafka partition) of a stream provider: the cache the
/// provider's adapter factory returns from <see cref="IQueueAdapterFactory.GetQueueAdapterCache"/>.
/// </summary>
internal sealed class EntityIndexedQueueAdapterCache : IQueueAdapterCache
{
    private readonly KafkaQueueCacheOptions _options;
    private readonly int _deliveryBatchSize;
    private readonly ILoggerFactory _loggerFactory;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<QueueId, EntityIndexedQueueCache> _caches = new();

    /// <summary>Initializes a new instance of the <see cref="EntityIndexedQueueAdapterCache"/> class.</summary>
    /// <param name="providerName">The stream provider, for validation messages.</param>
    /// <param name="options">The cache options.</param>
    /// <param name="pullingAgentOptions">
    /// The provider's pulling agent options. The cache must know <see cref="StreamPullingAgentOptions.BatchContainerBatchSize"/>
    /// to tell when a delivery batch has finished; pass the provider's own options, never defaults.
    /// </param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <exception cref="Orleans.Runtime.OrleansConfigurationException">The options are invalid.</exception>
    public EntityIndexedQueueAdapterCache(
        string providerName,
        KafkaQueueCacheOptions options,
        StreamPullingAgentOptions pullingAgentOptions,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pullingAgentOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate(providerName);
        _options = options;
        _deliveryBatchSize = Math.Max(1, pullingAgentOptions.BatchContainerBatchSize);
        _loggerFactory = loggerFactory;
        Budget = new CacheMemoryBudget(options.MaxCachedBytes);
    }

    /// <summary>Gets the silo's cache memory budget, which the partitions' receivers join while they read.</summary>
    public CacheMemoryBudget Budget { get; }

    /// <summary>Creates the adapter cache of a stream provider from the provider's named options.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="providerName">The stream provider, whose named <see cref="KafkaQueueCacheOptions"/> and <see cref="StreamPullingAgentOptions"/> are used.</param>
    /// <returns>The adapter cache.</returns>
    public static EntityIndexedQueueAdapterCache Create(IServiceProvider services, string providerName) =>
        new(
            providerName,
            services.GetOptionsByName<KafkaQueueCacheOptions>(providerName),
            services.GetOptionsByName<StreamPullingAgentOptions>(providerName),
            services.GetRequiredService<ILoggerFactory>());

    /// <inheritdoc />
    public IQueueCache CreateQueueCache(QueueId queueId)
    {
        var cache = new EntityIndexedQueueCache(queueId, _options, Budget, _deliveryBatchSize, _loggerFactory.CreateLogger<EntityIndexedQueueCache>());
        _caches[queueId] = cache;
        return cache;
    }

    /// <summary>Gets the cache the pulling agent of a queue created last, which its receiver wakes held-back streams through.</summary>
    /// <param name="queueId">The queue.</param>
    /// <returns>The cache, or <see langword="null"/> before the agent created one.</returns>
    internal EntityIndexedQueueCache? CacheOf(QueueId queueId) => _caches.GetValueOrDefault(queueId);

    /// <summary>Gets the caches created last for each queue, for tests and diagnostics.</summary>
    internal IEnumerable<EntityIndexedQueueCache> Caches => _caches.Values;
}
