namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>Lists the stages of a shadow evaluation.</summary>
[GenerateSerializer, Alias("reactor.kafka.KafkaShadowState")]
public enum KafkaShadowState
{
    /// <summary>Reading the topics and folding state.</summary>
    Reading = 0,

    /// <summary>Reading the live decisions and comparing.</summary>
    Comparing = 1,

    /// <summary>Done; the report is ready.</summary>
    Completed = 2,

    /// <summary>Stopped by an error (see the status's error).</summary>
    Failed = 3,

    /// <summary>Stopped on request.</summary>
    Cancelled = 4,
}
