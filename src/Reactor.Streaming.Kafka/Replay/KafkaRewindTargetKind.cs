namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Lists the kinds of <see cref="KafkaRewindTarget"/>.</summary>
[GenerateSerializer, Alias("reactor.kafka.KafkaRewindTargetKind")]
public enum KafkaRewindTargetKind
{
    /// <summary>The earliest event each partition still retains.</summary>
    Earliest = 0,

    /// <summary>An offset, the same for every partition.</summary>
    Offset = 1,

    /// <summary>The first event at or after a time, found per partition.</summary>
    Timestamp = 2,
}
