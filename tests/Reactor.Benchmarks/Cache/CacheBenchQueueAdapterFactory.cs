using Orleans.Configuration;
using Orleans.Streams;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// A read-only queue adapter over <see cref="CacheBenchReceiver"/>s with a given queue cache: a Kafka provider without
/// Kafka, so that the only difference between the scenario's providers is the cache and the delivery batch size.
/// </summary>
internal sealed class CacheBenchQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly IQueueAdapterCache _cache;
    private readonly CacheBenchFeed _feed;
    private readonly Dictionary<QueueId, List<StreamId>> _streamsByQueue;

    public CacheBenchQueueAdapterFactory(string name, int queues, int entities, IQueueAdapterCache cache, CacheBenchFeed feed)
    {
        Name = name;
        _cache = cache;
        _feed = feed;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = queues }, name);
        _streamsByQueue = [];
        foreach (var queue in _mapper.GetAllQueues())
        {
            _streamsByQueue[queue] = [];
        }

        var streamNamespace = CacheThroughput.NamespacePrefix + name;
        for (var entity = 0; entity < entities; entity++)
        {
            var stream = StreamId.Create(streamNamespace, CacheThroughput.EntityKey(entity));
            _streamsByQueue[_mapper.GetQueueForStream(stream)].Add(stream);
        }
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new CacheBenchReceiver(Name, _streamsByQueue[queueId], _feed);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException("The benchmark's queues are read-only.");

#pragma warning disable CS0618 // Obsolete in Orleans 10.4.2 but still abstract; the provider calls the overload above.
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);
#pragma warning restore CS0618
}
