using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Events;
using Reactor.Runtime.Grains;
using Reactor.Streaming.Kafka.Cache;
using Reactor.Streaming.Kafka.Delivery;
using Reactor.Streaming.Kafka.Encoding;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Creates the Kafka queue adapter: one Orleans queue per partition of every configured topic (balanced across
/// silos by Orleans), a receiver per queue, and the queue cache.
/// </summary>
internal sealed partial class KafkaAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly KafkaStreamOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly EntityIndexedQueueAdapterCache _cache;
    private readonly KafkaPartitionMetrics _metrics;
    private readonly Dictionary<string, TopicPartition> _partitionsById = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TopicPartition, EntityDeliveryPump> _pumps = new();
    private HashRingBasedPartitionedStreamQueueMapper? _mapper;
    private Func<ConsumeResult<byte[]?, byte[]?>, KafkaDecodeResult>? _decode;

    public KafkaAdapterFactory(string name, KafkaStreamOptions options, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        Name = name;
        _options = options;
        _services = services;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaAdapterFactory>();
        _cache = EntityIndexedQueueAdapterCache.Create(services, name);
        _metrics = new KafkaPartitionMetrics(services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public string Name { get; }

    /// <summary>Gets the silo's cache memory budget, which this factory's receivers join while they read.</summary>
    internal CacheMemoryBudget CacheBudget => _cache.Budget;

    /// <summary>Gets the direct delivery of each partition this silo read last, for tests and diagnostics.</summary>
    internal IEnumerable<EntityDeliveryPump> Pumps => _pumps.Values;

    /// <summary>Gets the queue caches, for tests and diagnostics.</summary>
    internal EntityIndexedQueueAdapterCache QueueCaches => _cache;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public static KafkaAdapterFactory Create(IServiceProvider services, string name) =>
        new(name, services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name), services, services.GetRequiredService<ILoggerFactory>());

#pragma warning disable CS0618 // Orleans 10 still declares the overload without a token abstract.
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);
#pragma warning restore CS0618

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        var partitionIds = new List<string>();
        using var admin = KafkaClients.CreateAdmin(_options, _logger);
        if (_options.CreateTopics)
        {
            await CreateMissingTopicsAsync(admin);
        }

        foreach (var topic in _options.Topics)
        {
            var metadata = admin.GetMetadata(topic.Name, _options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic.Name);
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Kafka stream provider '{Name}': topic '{topic.Name}' is not available on {_options.Consumer.BootstrapServers} ({metadata?.Error.Reason ?? "no metadata"}). Create it, or set CreateTopics.");
            }

            foreach (var partition in metadata.Partitions.OrderBy(p => p.PartitionId))
            {
                var id = LogPosition.FormatPartitionKey(topic.Name, partition.PartitionId);
                partitionIds.Add(id);
                _partitionsById[id] = new TopicPartition(topic.Name, partition.PartitionId);
            }
        }

        _mapper = new HashRingBasedPartitionedStreamQueueMapper(partitionIds, Name);
        var decoder = new KafkaEventDecoder(_services.GetRequiredService<EventTypeRegistry>(), _services.GetService<TimeProvider>());
        var topics = _options.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _decode = message =>
        {
            var topic = topics[message.Topic];
            return decoder.Decode(message, topic.Format, topic.PlainJsonEventType);
        };
        LogPartitions(_logger, Name, partitionIds.Count, string.Join(", ", _options.Topics.Select(t => t.Name)));
        return this;
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() =>
        _mapper ?? throw new InvalidOperationException($"Kafka stream provider '{Name}' has not read its topics' partitions yet.");

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler(false));

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var partition = _partitionsById[((HashRingBasedPartitionedStreamQueueMapper)GetStreamQueueMapper()).QueueToPartition(queueId)];
        var subscriptions = _services.GetRequiredService<EntitySubscriptions>();
        return new KafkaQueueReceiver(
            partition,
            _services.GetRequiredService<IGrainFactory>().GetGrain<IKafkaRewindGrain>(Name),
            _options,
            _decode!,
            _services.GetRequiredService<IDeadLetterSink>(),
            subscriptions,
            _metrics,
            _services.GetRequiredService<Reactor.Runtime.Metrics.ReactorMetrics>(),
            _services.GetService<TimeProvider>() ?? TimeProvider.System,
            _cache.Budget.Join(),
            () => _cache.CacheOf(queueId),
            _services.GetService<EntityWriteNotices>(),
            CreatePump(partition, subscriptions),
            _loggerFactory.CreateLogger<KafkaQueueReceiver>());
    }

    /// <summary>Creates the direct delivery of a partition, or <see langword="null"/> when its events go through stream subscriptions.</summary>
    private EntityDeliveryPump? CreatePump(TopicPartition partition, EntitySubscriptions subscriptions)
    {
        if (_options.Delivery != KafkaDelivery.Direct || !subscriptions.OnlyEntitiesReactTo(partition.Topic))
        {
            return null;
        }

        var cacheOptions = _services.GetOptionsByName<KafkaQueueCacheOptions>(Name);
        var agentOptions = _services.GetOptionsByName<StreamPullingAgentOptions>(Name);
        var budget = _cache.Budget;
        var limits = new DeliveryLimits(
            cacheOptions.MaxCachedEvents,
            () => budget.PartitionShare,
            cacheOptions.MaxEventsOfNewEntities,
            cacheOptions.MaxDeliveriesInFlight,
            Math.Max(1, agentOptions.BatchContainerBatchSize),
            agentOptions.MaxEventDeliveryTime);
        var pump = new EntityDeliveryPump(
            partition.ToString(),
            entityId => subscriptions.DeliveryTargetsFor(partition.Topic, entityId),
            limits,
            _services.GetService<TimeProvider>() ?? TimeProvider.System,
            _loggerFactory.CreateLogger<EntityDeliveryPump>());
        _pumps[partition] = pump;
        return pump;
    }

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException($"Kafka stream provider '{Name}' only reads; reactions emit events through IEventEmitter.");

    private async Task CreateMissingTopicsAsync(IAdminClient admin)
    {
        var specifications = _options.Topics
            .Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = -1 })
            .Append(new TopicSpecification { Name = _options.DeadLetterTopic, NumPartitions = 1, ReplicationFactor = -1 })
            .ToList();
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = _options.MetadataTimeout, OperationTimeout = _options.MetadataTimeout });
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is Confluent.Kafka.ErrorCode.NoError or Confluent.Kafka.ErrorCode.TopicAlreadyExists))
        {
            // Topics that already exist are what we want.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka stream provider {Name} reads {Count} partitions of {Topics}")]
    private static partial void LogPartitions(ILogger logger, string name, int count, string topics);
}
