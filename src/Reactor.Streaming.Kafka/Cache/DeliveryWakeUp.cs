using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Cache;

/// <summary>
/// Not an event: returned by a receiver next to the events it read so that the pulling agent restarts the delivery of a
/// stream the <see cref="DeliveryGate"/> held back. The agent restarts a stream's delivery only when a read returns something
/// for that stream; the cache never stores a wake-up.
/// </summary>
/// <param name="StreamId">The stream to restart.</param>
/// <param name="SequenceToken">The token of the stream's next cached event.</param>
internal sealed record DeliveryWakeUp(StreamId StreamId, StreamSequenceToken SequenceToken) : IBatchContainer
{
    /// <inheritdoc />
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => [];

    /// <inheritdoc />
    public bool ImportRequestContext() => false;
}
