using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Reactor.Benchmarks.Cache;

/// <summary>A batch container of one event at a queue offset, as a Kafka receiver would build it.</summary>
[GenerateSerializer]
[Alias("Reactor.Benchmarks.Cache.CacheBenchContainer")]
public sealed class CacheBenchContainer(StreamId streamId, EventSequenceTokenV2 token, CacheBenchEvent evt) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public EventSequenceTokenV2 Token { get; } = token;

    [Id(2)]
    public CacheBenchEvent Event { get; } = evt;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Event is T item)
        {
            yield return Tuple.Create(item, (StreamSequenceToken)Token);
        }
    }

    public bool ImportRequestContext() => false;
}
