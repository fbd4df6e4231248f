using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Reactor.Abstractions;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>Carries one Kafka event through Orleans' pulling agent to the entity's stream.</summary>
/// <remarks>Immutable: nothing changes a container after the receiver creates it, so a delivery to a grain on the same
/// silo passes it by reference instead of copying it and its sequence token per call.</remarks>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaBatchContainer")]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    /// <summary>Creates a container for one event.</summary>
    /// <param name="streamId">The entity's stream.</param>
    /// <param name="envelope">The event.</param>
    /// <param name="generation">The receiver's read generation.</param>
    /// <param name="sequence">The receiver's delivery sequence number. It only grows, also when the receiver
    /// rewinds, so the cache orders redelivered events after earlier ones; the Kafka offset is in the envelope.</param>
    public KafkaBatchContainer(StreamId streamId, EventEnvelope envelope, int generation, long sequence)
    {
        StreamId = streamId;
        Envelope = envelope;
        Token = new EventSequenceTokenV2(sequence);
        Generation = generation;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public EventEnvelope Envelope { get; }

    [Id(2)]
    public EventSequenceTokenV2 Token { get; }

    /// <summary>Gets the receiver's read generation, so deliveries from before a rewind are not mistaken for new ones.</summary>
    [Id(3)]
    public int Generation { get; }

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Envelope is T item)
        {
            yield return Tuple.Create<T, StreamSequenceToken>(item, Token);
        }
    }

    public bool ImportRequestContext() => false;
}
