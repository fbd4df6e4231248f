namespace Orleans.Configuration;

/// <summary>
/// Configures how Reactor produces to Kafka: emitted events (<see cref="Reactor.Streaming.Kafka.Egress.KafkaEventEmitter"/>) and
/// dead letters (<see cref="Reactor.Streaming.Kafka.Egress.KafkaDeadLetterSink"/>). Connection and security settings are not
/// here: they are Confluent's <c>ProducerConfig</c>, passed through unchanged.
/// </summary>
public sealed class KafkaEgressOptions
{
    /// <summary>The default of <see cref="FlushTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultFlushTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the layout of emitted events: <see cref="KafkaEventFormat.CloudEventsBinary"/> (the default),
    /// <see cref="KafkaEventFormat.CloudEventsStructured"/> or <see cref="KafkaEventFormat.PlainJson"/>.
    /// <see cref="KafkaEventFormat.Auto"/> is refused. Dead letters ignore it: they keep the original record's layout.
    /// </summary>
    public KafkaEventFormat Format { get; set; } = KafkaEventFormat.CloudEventsBinary;

    /// <summary>
    /// Gets or sets how long disposing a producer waits for records still in flight to be acknowledged before it gives up
    /// on them (and logs how many). Default: <see cref="DefaultFlushTimeout"/> (10 seconds).
    /// </summary>
    public TimeSpan FlushTimeout { get; set; } = DefaultFlushTimeout;

    /// <summary>Checks the settings, naming the property at fault.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Format is not (KafkaEventFormat.CloudEventsBinary or KafkaEventFormat.CloudEventsStructured or KafkaEventFormat.PlainJson))
        {
            throw new ArgumentException(
                $"{nameof(KafkaEgressOptions)}.{nameof(Format)} is {Format}; egress writes {nameof(KafkaEventFormat.CloudEventsBinary)}, {nameof(KafkaEventFormat.CloudEventsStructured)} or {nameof(KafkaEventFormat.PlainJson)}.");
        }

        if (FlushTimeout < TimeSpan.Zero || FlushTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentException(
                $"{nameof(KafkaEgressOptions)}.{nameof(FlushTimeout)} is {FlushTimeout}; it must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }
    }
}
