using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>
/// Holds what <see cref="KafkaEventDecoder"/> made of one Kafka record: a valid envelope, or the reason it was rejected
/// together with what could be read before the rejection (event id, type, entity id), so the dead letter says as much as
/// possible. A struct, because one is produced per record on the receive path.
/// </summary>
public readonly struct KafkaDecodeResult
{
    private KafkaDecodeResult(
        LogPosition position,
        EventEnvelope? envelope,
        DeadLetterReason? reason,
        string? detail,
        string? eventId,
        string? eventType,
        string? entityId)
    {
        Position = position;
        Envelope = envelope;
        Reason = reason;
        Detail = detail;
        EventId = eventId;
        EventType = eventType;
        EntityId = entityId;
    }

    /// <summary>Gets the record's position (topic, partition, offset).</summary>
    public LogPosition Position { get; }

    /// <summary>Gets the envelope, when the record was valid.</summary>
    public EventEnvelope? Envelope { get; }

    /// <summary>Gets the rejection reason, when it was not.</summary>
    public DeadLetterReason? Reason { get; }

    /// <summary>Gets the explanation of the rejection.</summary>
    public string? Detail { get; }

    /// <summary>Gets the CloudEvents id, when it was valid or could be read before the rejection.</summary>
    public string? EventId { get; }

    /// <summary>Gets the CloudEvents type, when it was valid or could be read before the rejection.</summary>
    public string? EventType { get; }

    /// <summary>Gets the entity id, when it was valid or could be read before the rejection.</summary>
    public string? EntityId { get; }

    /// <summary>Gets a value indicating whether the record decoded into a valid envelope.</summary>
    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Reason), nameof(Detail))]
    public bool IsValid => Envelope is not null;

    /// <summary>Builds the dead letter for a rejected record, keeping its value and its headers (those that are UTF-8 text).</summary>
    /// <param name="originalValue">The record's value exactly as received.</param>
    /// <param name="originalHeaders">The record's headers; for byte-exact headers also pass them to
    /// <see cref="Egress.KafkaDeadLetterSink.WriteAsync(DeadLetter, byte[], Headers, CancellationToken)"/>.</param>
    /// <param name="deadLetteredAt">The time of the rejection.</param>
    /// <returns>The dead letter.</returns>
    /// <exception cref="InvalidOperationException">The record was valid.</exception>
    public DeadLetter ToDeadLetter(ReadOnlyMemory<byte> originalValue, Headers? originalHeaders, DateTimeOffset deadLetteredAt)
    {
        if (IsValid)
        {
            throw new InvalidOperationException($"The record at {Position} is valid; only rejected records become dead letters.");
        }

        return new DeadLetter
        {
            Reason = Reason.Value,
            Detail = Detail,
            Position = Position,
            EventId = EventId,
            EventType = EventType,
            EntityId = EntityId,
            OriginalBytes = originalValue,
            Headers = KafkaHeaderText.ToDictionary(originalHeaders),
            DeadLetteredAt = deadLetteredAt,
        };
    }

    internal static KafkaDecodeResult Valid(EventEnvelope envelope) =>
        new(envelope.Position, envelope, null, null, envelope.Id, envelope.Type, envelope.EntityId);

    internal static KafkaDecodeResult Rejected(
        LogPosition position,
        DeadLetterReason reason,
        string detail,
        string? eventId = null,
        string? eventType = null,
        string? entityId = null) =>
        new(position, null, reason, detail, eventId, eventType, entityId);
}
