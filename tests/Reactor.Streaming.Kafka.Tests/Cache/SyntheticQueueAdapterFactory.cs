using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>
/// A read-only queue adapter over <see cref="SyntheticQueueReceiver"/>s, with the entity-indexed cache: a Kafka provider
/// without Kafka. Each entity is assigned to the queue the mapper picks for its stream.
/// </summary>
internal sealed class SyntheticQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    public const int QueueCount = 4;

    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly IQueueAdapterCache _cache;
    private readonly SyntheticQueueState _state;
    private readonly Dictionary<QueueId, List<string>> _entitiesByQueue;

    private SyntheticQueueAdapterFactory(string name, IQueueAdapterCache cache, SyntheticQueueState state)
    {
        Name = name;
        _cache = cache;
        _state = state;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = QueueCount }, name);
        _entitiesByQueue = state.EntityIds
            .GroupBy(e => _mapper.GetQueueForStream(StreamId.Create(TestBatchContainer.Namespace, e)))
            .ToDictionary(g => g.Key, g => g.ToList());
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public static IQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new SyntheticQueueAdapterFactory(name, EntityIndexedQueueAdapterCache.Create(services, name), services.GetRequiredService<SyntheticQueueState>());

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new SyntheticQueueReceiver(queueId, _entitiesByQueue.GetValueOrDefault(queueId) ?? [], _state);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException("The synthetic queues are read-only.");

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract; the provider calls the overload above.
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);
#pragma warning restore CS0618
}
