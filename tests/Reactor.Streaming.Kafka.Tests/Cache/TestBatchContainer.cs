using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>A batch container of one <see cref="TestEvent"/> at a queue offset, as a Kafka receiver would build it.</summary>
[GenerateSerializer]
[Alias("Reactor.Streaming.Kafka.Tests.Cache.TestBatchContainer")]
public sealed class TestBatchContainer(StreamId streamId, EventSequenceTokenV2 token, TestEvent evt) : IBatchContainer
{
    /// <summary>The stream namespace of the tests.</summary>
    public const string Namespace = "cache-tests";

    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public EventSequenceTokenV2 Token { get; } = token;

    [Id(2)]
    public TestEvent Event { get; } = evt;

    public StreamSequenceToken SequenceToken => Token;

    public long Offset => Token.SequenceNumber;

    public static TestBatchContainer For(string entity, long offset, int sequence = 0) =>
        new(StreamId.Create(Namespace, entity), new EventSequenceTokenV2(offset, 0), new TestEvent(entity, sequence));

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Event is T item)
        {
            yield return Tuple.Create(item, (StreamSequenceToken)Token);
        }
    }

    public bool ImportRequestContext() => false;

    public override string ToString() => $"{Event.Entity}@{Offset}";
}
