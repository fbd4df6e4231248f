using Microsoft.Extensions.Logging;

namespace Reactor.Streaming.Kafka.Egress;

/// <summary>Source-generated log messages of Reactor's Kafka producers.</summary>
internal static partial class KafkaEgressLog
{
    [LoggerMessage(EventId = 1, Message = "librdkafka {ClientName} [{Facility}]: {Text}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string clientName, string facility, string text);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Kafka producer {ClientName} reported an error: {Reason} ({Code})")]
    public static partial void ProducerError(ILogger logger, string clientName, string reason, Confluent.Kafka.ErrorCode code);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "Kafka producer {ClientName} reported a fatal error and can no longer produce: {Reason} ({Code})")]
    public static partial void FatalProducerError(ILogger logger, string clientName, string reason, Confluent.Kafka.ErrorCode code);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Kafka producer {ClientName} closed with {Remaining} record(s) still unacknowledged after waiting {FlushTimeout}")]
    public static partial void FlushIncomplete(ILogger logger, string clientName, int remaining, TimeSpan flushTimeout);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Produced to {Topic} [{Partition}] at offset {Offset}")]
    public static partial void Produced(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Dead-lettered event {EventId} ({Reason}) from {SourcePosition} to {Topic} [{Partition}] at offset {Offset}")]
    public static partial void DeadLettered(ILogger logger, string? eventId, Runtime.DeadLetters.DeadLetterReason reason, string sourcePosition, string topic, int partition, long offset);
}
