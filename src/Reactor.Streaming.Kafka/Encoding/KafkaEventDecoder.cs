using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Events;

namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>
/// Turns Kafka records into validated <see cref="EventEnvelope"/>s: CloudEvents binary mode, structured mode (validated by
/// <see cref="CloudEventDecoder"/>) or plain JSON, chosen per topic or detected per record (<see cref="KafkaEventFormat"/>).
/// Thread-safe; one instance serves every receiver.
/// </summary>
/// <remarks>
/// <para>The envelope's position is the record's topic, partition and offset; <see cref="EventEnvelope.ReceivedAt"/> is the
/// Kafka timestamp (the decoder's clock when the record has none). The payload is not copied: the envelope's data is the
/// record's value (binary mode and plain JSON). Whether the payload deserializes into the registered type is checked later,
/// in the grain, which dead-letters it as <see cref="DeadLetterReason.UndecodablePayload"/>.</para>
/// <para><see cref="EventEnvelope.Headers"/> describe the envelope's data, not the record's framing: every record header
/// whose value is UTF-8 text except the CloudEvents attributes the envelope already holds (<c>ce_id</c>, <c>ce_source</c>,
/// <c>ce_specversion</c>, <c>ce_type</c>, <c>ce_subject</c>, <c>ce_time</c>). Binary mode keeps <c>content-type</c> (it is
/// <c>datacontenttype</c>) and extension headers (<c>ce_&lt;name&gt;</c>); the distributed-tracing extension
/// (<c>ce_traceparent</c>, <c>ce_tracestate</c>) also appears as <c>traceparent</c>/<c>tracestate</c> unless the record
/// carries those headers itself. Structured mode drops <c>content-type</c> and every <c>ce_</c> header (they describe the
/// JSON document, which the envelope no longer is). Plain JSON ignores <c>ce_</c> headers.</para>
/// </remarks>
public sealed class KafkaEventDecoder
{
    private const int StackLimit = 256;
    private static readonly string[] RequiredBinaryHeaders =
        [CloudEventsKafkaHeaders.SpecVersion, CloudEventsKafkaHeaders.Id, CloudEventsKafkaHeaders.Source, CloudEventsKafkaHeaders.Type];

    private readonly CloudEventDecoder _structured;
    private readonly FrozenDictionary<string, string> _typeNames;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _typeNamesBySpan;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _plainSources = new(StringComparer.Ordinal);

    // One string per topic for the positions of consumed records: a consume result carries a new copy of the topic name,
    // which every envelope waiting in a cache would otherwise keep alive through young collections.
    private readonly ConcurrentDictionary<string, string> _topicNames = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static RecentAttributeValues? t_recentSources;

    /// <summary>Creates a decoder for the registered event types.</summary>
    /// <param name="registry">The registered CloudEvents types; a record of any other type is rejected.</param>
    /// <param name="timeProvider">The clock for records without a Kafka timestamp; the system clock when omitted.</param>
    public KafkaEventDecoder(EventTypeRegistry registry, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _structured = new CloudEventDecoder(registry);
        _typeNames = registry.Names.ToFrozenDictionary(name => name, StringComparer.Ordinal);
        _typeNamesBySpan = _typeNames.GetAlternateLookup<ReadOnlySpan<char>>();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Decodes a record as the consumer returned it.</summary>
    /// <param name="record">The consumed record.</param>
    /// <param name="format">The topic's format, or <see cref="KafkaEventFormat.Auto"/> to detect it per record.</param>
    /// <param name="plainJsonType">The CloudEvents type of the topic's plain JSON values; <see langword="null"/> when the
    /// topic has none, which rejects plain JSON records.</param>
    /// <returns>The envelope, or why the record was rejected.</returns>
    /// <exception cref="ArgumentException"><paramref name="record"/> is a partition EOF event, not a record.</exception>
    public KafkaDecodeResult Decode(ConsumeResult<byte[]?, byte[]?> record, KafkaEventFormat format, string? plainJsonType = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var message = record.Message
            ?? throw new ArgumentException($"The consume result for {record.TopicPartitionOffset} carries no message (a partition EOF event); only records can be decoded.", nameof(record));
        return Decode(
            new LogPosition(_topicNames.GetOrAdd(record.Topic, static topic => topic), record.Partition.Value, record.Offset.Value),
            message.Timestamp,
            message.Key,
            message.Value,
            message.Headers,
            format,
            plainJsonType);
    }

    /// <summary>Decodes a record given by its parts.</summary>
    /// <param name="position">The record's topic, partition and offset.</param>
    /// <param name="timestamp">The record's Kafka timestamp.</param>
    /// <param name="key">The record's key (empty when it has none); the entity id as UTF-8.</param>
    /// <param name="value">The record's value; kept without copying as the envelope's data in binary mode and plain JSON.</param>
    /// <param name="headers">The record's headers.</param>
    /// <param name="format">The topic's format, or <see cref="KafkaEventFormat.Auto"/> to detect it per record.</param>
    /// <param name="plainJsonType">The CloudEvents type of the topic's plain JSON values; <see langword="null"/> when the
    /// topic has none, which rejects plain JSON records.</param>
    /// <returns>The envelope, or why the record was rejected.</returns>
    public KafkaDecodeResult Decode(
        LogPosition position,
        Timestamp timestamp,
        ReadOnlySpan<byte> key,
        ReadOnlyMemory<byte> value,
        Headers? headers,
        KafkaEventFormat format,
        string? plainJsonType = null)
    {
        var hasTimestamp = timestamp.Type != TimestampType.NotAvailable;
        var receivedAt = hasTimestamp ? DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs) : _time.GetUtcNow();
        if (value.IsEmpty)
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.InvalidEnvelope,
                $"The record at {position} has no value (null or empty, for example a tombstone); a Reactor event needs one.");
        }

        string? entityKey = null;
        if (!key.IsEmpty && !KafkaHeaderText.TryGetString(key, out entityKey))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.InvalidEnvelope,
                $"The Kafka key of the record at {position} is not valid UTF-8 ({key.Length} bytes); the key must be the entity id as UTF-8 text.");
        }

        if (format == KafkaEventFormat.Auto)
        {
            format = Detect(value.Span, headers);
        }

        return format switch
        {
            KafkaEventFormat.CloudEventsBinary => DecodeBinary(position, receivedAt, entityKey, value, headers),
            KafkaEventFormat.CloudEventsStructured => DecodeStructured(position, receivedAt, entityKey, value, headers),
            KafkaEventFormat.PlainJson => DecodePlain(position, hasTimestamp, receivedAt, entityKey, value, headers, plainJsonType),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"Unknown {nameof(KafkaEventFormat)}."),
        };
    }

    /// <summary>Chooses the format of one record, following <see cref="KafkaEventFormat.Auto"/>.</summary>
    internal static KafkaEventFormat Detect(ReadOnlySpan<byte> value, Headers? headers)
    {
        byte[]? contentType = null;
        var hasContentType = false;
        var hasSpecVersion = false;
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var header = headers[i];
                if (header.Key == CloudEventsKafkaHeaders.SpecVersion)
                {
                    hasSpecVersion = true;
                }
                else if (CloudEventsKafkaHeaders.IsContentType(header.Key))
                {
                    contentType = header.GetValueBytes();
                    hasContentType = true;
                }
            }
        }

        // The binding's own rule: a CloudEvents content type means structured mode, even when ce_ headers come along.
        if (hasContentType && CloudEventsKafkaHeaders.IsCloudEventsMediaType(contentType))
        {
            return KafkaEventFormat.CloudEventsStructured;
        }

        if (hasSpecVersion)
        {
            return KafkaEventFormat.CloudEventsBinary;
        }

        return LooksLikeStructuredCloudEvent(value) ? KafkaEventFormat.CloudEventsStructured : KafkaEventFormat.PlainJson;
    }

    /// <summary>Tells whether a value is a JSON object with a top-level <c>specversion</c> member.</summary>
    internal static bool LooksLikeStructuredCloudEvent(ReadOnlySpan<byte> value)
    {
        var trimmed = value.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return false;
        }

        // A vectorized search rules out nearly every plain payload before any JSON is tokenized.
        if (trimmed.IndexOf("\"specversion\""u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(trimmed);
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("specversion"u8))
                {
                    return true;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: plain JSON decoding takes it, and the grain dead-letters a payload it cannot read.
        }

        return false;
    }

    private KafkaDecodeResult DecodeBinary(LogPosition position, DateTimeOffset receivedAt, string? entityKey, ReadOnlyMemory<byte> value, Headers? headers)
    {
        byte[]? specVersion = null, id = null, source = null, type = null, subject = null, time = null, contentType = null;
        var hasContentType = false;
        string? ceTraceParent = null, ceTraceState = null;
        Dictionary<string, string>? kept = null;
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var header = headers[i];
                var name = header.Key;
                var bytes = header.GetValueBytes();
                switch (name)
                {
                    case CloudEventsKafkaHeaders.SpecVersion: specVersion = bytes; break;
                    case CloudEventsKafkaHeaders.Id: id = bytes; break;
                    case CloudEventsKafkaHeaders.Source: source = bytes; break;
                    case CloudEventsKafkaHeaders.Type: type = bytes; break;
                    case CloudEventsKafkaHeaders.Subject: subject = bytes; break;
                    case CloudEventsKafkaHeaders.Time: time = bytes; break;
                    case CloudEventsKafkaHeaders.CeTraceParent:
                        KafkaHeaderText.TryGetString(bytes, out ceTraceParent);
                        Keep(ref kept, name, bytes);
                        break;
                    case CloudEventsKafkaHeaders.CeTraceState:
                        KafkaHeaderText.TryGetString(bytes, out ceTraceState);
                        Keep(ref kept, name, bytes);
                        break;
                    default:
                        if (CloudEventsKafkaHeaders.IsContentType(name))
                        {
                            contentType = bytes;
                            hasContentType = true;
                            KeepContentType(ref kept, bytes);
                        }
                        else
                        {
                            Keep(ref kept, name, bytes);
                        }

                        break;
                }
            }
        }

        var missing = MissingRequired(specVersion, id, source, type);
        if (missing is not null)
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.InvalidEnvelope,
                $"The binary-mode CloudEvent at {position} lacks the required header(s) {missing} (missing or empty).");
        }

        if (!specVersion.AsSpan().SequenceEqual("1.0"u8))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.InvalidEnvelope,
                $"The CloudEvent at {position} has ce_specversion '{Printable(specVersion)}'; Reactor reads CloudEvents {CloudEventsKafkaHeaders.SupportedSpecVersion}.");
        }

        if (!KafkaHeaderText.TryGetString(id, out var eventId))
        {
            return NotUtf8(position, CloudEventsKafkaHeaders.Id);
        }

        // A topic's events share a few sources: one string each, not one per event.
        var recentSources = t_recentSources ??= new RecentAttributeValues();
        var eventSource = recentSources.Find(source);
        if (eventSource is null)
        {
            if (!KafkaHeaderText.TryGetString(source, out eventSource))
            {
                return NotUtf8(position, CloudEventsKafkaHeaders.Source, eventId);
            }

            recentSources.Remember(source, eventSource);
        }

        // The key names the entity when there is one; the subject is then only checked, not turned into a string.
        string? eventSubject = null;
        if (subject is not null
            && !(string.IsNullOrEmpty(entityKey) ? KafkaHeaderText.TryGetString(subject, out eventSubject) : Utf8.IsValid(subject)))
        {
            return NotUtf8(position, CloudEventsKafkaHeaders.Subject, eventId);
        }

        DateTimeOffset? eventTime = null;
        if (time is not null)
        {
            if (!Rfc3339.TryParse(time, out var parsed))
            {
                return KafkaDecodeResult.Rejected(
                    position,
                    DeadLetterReason.InvalidEnvelope,
                    $"The CloudEvent '{eventId}' at {position} has ce_time '{Printable(time)}', which is not an RFC 3339 timestamp.",
                    eventId);
            }

            eventTime = parsed;
        }

        // Checked in CloudEventDecoder's order (entity, then type) so every format rejects a record for the same reason.
        var entityId = string.IsNullOrEmpty(entityKey) ? eventSubject : entityKey;
        if (string.IsNullOrEmpty(entityId))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.MissingEntityId,
                $"Event '{eventId}' has neither a key nor a ce_subject header naming its entity.",
                eventId,
                Printable(type));
        }

        if (!TryGetTypeName(type, out var eventType))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.UnknownType,
                $"CloudEvents type '{Printable(type)}' is not registered.",
                eventId,
                Printable(type),
                entityId);
        }

        if (hasContentType && !CloudEventsKafkaHeaders.IsJsonMediaType(contentType))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.UndecodablePayload,
                $"Event '{eventId}' has content-type '{Printable(contentType)}'; Reactor event data must be JSON.",
                eventId,
                eventType,
                entityId);
        }

        if (kept is not null)
        {
            if (ceTraceParent is not null)
            {
                kept.TryAdd(CloudEventsKafkaHeaders.TraceParent, ceTraceParent);
            }

            if (ceTraceState is not null)
            {
                kept.TryAdd(CloudEventsKafkaHeaders.TraceState, ceTraceState);
            }
        }

        return KafkaDecodeResult.Valid(new EventEnvelope
        {
            Id = eventId,
            Source = eventSource,
            Type = eventType,
            EntityId = entityId,
            Time = eventTime,
            Position = position,
            Data = value,
            ReceivedAt = receivedAt,
            Headers = kept ?? KafkaHeaderText.Empty,
        });
    }

    private KafkaDecodeResult DecodeStructured(LogPosition position, DateTimeOffset receivedAt, string? entityKey, ReadOnlyMemory<byte> value, Headers? headers)
    {
        Dictionary<string, string>? kept = null;
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var header = headers[i];
                if (CloudEventsKafkaHeaders.IsContentType(header.Key))
                {
                    var contentType = header.GetValueBytes();
                    if (CloudEventsKafkaHeaders.IsCloudEventsMediaType(contentType) && !CloudEventsKafkaHeaders.IsStructuredJson(contentType))
                    {
                        return KafkaDecodeResult.Rejected(
                            position,
                            DeadLetterReason.InvalidEnvelope,
                            $"The record at {position} has content-type '{Printable(contentType)}', a CloudEvents event format Reactor does not read; use application/cloudevents+json.",
                            entityId: entityKey);
                    }
                }
                else if (!header.Key.StartsWith(CloudEventsKafkaHeaders.Prefix, StringComparison.Ordinal))
                {
                    Keep(ref kept, header.Key, header.GetValueBytes());
                }
            }
        }

        var decoded = _structured.Decode(value, entityKey, position, receivedAt, kept ?? KafkaHeaderText.Empty);
        return decoded.IsValid
            ? KafkaDecodeResult.Valid(decoded.Envelope)
            : KafkaDecodeResult.Rejected(position, decoded.Reason.Value, decoded.Detail, entityId: entityKey);
    }

    private KafkaDecodeResult DecodePlain(
        LogPosition position,
        bool hasTimestamp,
        DateTimeOffset receivedAt,
        string? entityKey,
        ReadOnlyMemory<byte> value,
        Headers? headers,
        string? plainJsonType)
    {
        if (string.IsNullOrEmpty(plainJsonType))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.InvalidEnvelope,
                $"The record at {position} is not a CloudEvent (no ce_specversion header, no CloudEvents content-type, no specversion member) and topic '{position.Topic}' has no event type configured for plain JSON values.",
                entityId: entityKey);
        }

        if (!_typeNames.TryGetValue(plainJsonType, out var eventType))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.UnknownType,
                $"CloudEvents type '{plainJsonType}', configured for the plain JSON values of topic '{position.Topic}', is not registered.",
                eventType: plainJsonType,
                entityId: entityKey);
        }

        if (string.IsNullOrEmpty(entityKey))
        {
            return KafkaDecodeResult.Rejected(
                position,
                DeadLetterReason.MissingEntityId,
                $"The plain JSON record at {position} has no Kafka key; for plain JSON the key names the entity.",
                eventType: eventType);
        }

        Dictionary<string, string>? kept = null;
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var header = headers[i];
                if (CloudEventsKafkaHeaders.IsContentType(header.Key))
                {
                    var contentType = header.GetValueBytes();
                    if (!CloudEventsKafkaHeaders.IsJsonMediaType(contentType))
                    {
                        return KafkaDecodeResult.Rejected(
                            position,
                            DeadLetterReason.UndecodablePayload,
                            $"The plain JSON record at {position} has content-type '{Printable(contentType)}'; Reactor event data must be JSON.",
                            eventType: eventType,
                            entityId: entityKey);
                    }

                    KeepContentType(ref kept, contentType);
                }
                else if (!header.Key.StartsWith(CloudEventsKafkaHeaders.Prefix, StringComparison.Ordinal))
                {
                    Keep(ref kept, header.Key, header.GetValueBytes());
                }
            }
        }

        return KafkaDecodeResult.Valid(new EventEnvelope
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{position.Topic}-{position.Partition}-{position.Offset}"),
            Source = _plainSources.GetOrAdd(position.Topic, static topic => "kafka://" + topic),
            Type = eventType,
            EntityId = entityKey,
            Time = hasTimestamp ? receivedAt : null,
            Position = position,
            Data = value,
            ReceivedAt = receivedAt,
            Headers = kept ?? KafkaHeaderText.Empty,
        });
    }

    private bool TryGetTypeName(ReadOnlySpan<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        name = null;
        if (utf8.Length > StackLimit)
        {
            return KafkaHeaderText.TryGetString(utf8, out var text) && _typeNames.TryGetValue(text, out name);
        }

        // UTF-16 never needs more code units than UTF-8 has bytes.
        Span<char> chars = stackalloc char[utf8.Length];
        return Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            && _typeNamesBySpan.TryGetValue(chars[..written], out name);
    }

    private static string? MissingRequired(byte[]? specVersion, byte[]? id, byte[]? source, byte[]? type)
    {
        if (specVersion is { Length: > 0 } && id is { Length: > 0 } && source is { Length: > 0 } && type is { Length: > 0 })
        {
            return null;
        }

        ReadOnlySpan<bool> present = [specVersion is { Length: > 0 }, id is { Length: > 0 }, source is { Length: > 0 }, type is { Length: > 0 }];
        var names = new List<string>(4);
        for (var i = 0; i < present.Length; i++)
        {
            if (!present[i])
            {
                names.Add(RequiredBinaryHeaders[i]);
            }
        }

        return string.Join(", ", names);
    }

    private static KafkaDecodeResult NotUtf8(LogPosition position, string header, string? eventId = null) =>
        KafkaDecodeResult.Rejected(
            position,
            DeadLetterReason.InvalidEnvelope,
            $"The {header} header of the CloudEvent at {position} is not valid UTF-8.",
            eventId);

    private static void Keep(ref Dictionary<string, string>? kept, string name, byte[]? value)
    {
        if (KafkaHeaderText.TryGetString(value, out var text))
        {
            (kept ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = text;
        }
    }

    private static void KeepContentType(ref Dictionary<string, string>? kept, byte[]? value)
    {
        // Nearly every record says application/json: reuse one string rather than allocate one per record.
        if (value.AsSpan().SequenceEqual("application/json"u8))
        {
            (kept ??= new Dictionary<string, string>(StringComparer.Ordinal))[CloudEventsKafkaHeaders.ContentType] = CloudEventsKafkaHeaders.JsonMediaType;
            return;
        }

        Keep(ref kept, CloudEventsKafkaHeaders.ContentType, value);
    }

    /// <summary>Renders header bytes for a rejection detail: the text when it is UTF-8, else a byte count.</summary>
    private static string Printable(byte[]? value) =>
        KafkaHeaderText.TryGetString(value, out var text)
            ? (text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "…") : text)
            : $"<{value?.Length ?? 0} bytes, not UTF-8>";
}
