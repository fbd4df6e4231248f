using System.Runtime.InteropServices;
using System.Text.Json;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Runtime.Actions;

namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>
/// Lays out an event a reaction emits as a Kafka record, following the CloudEvents Kafka protocol binding: the key is the
/// entity id (UTF-8), and the headers carry <see cref="EmittedEvent.IdempotencyKeyHeader"/> and, when the triggering event
/// had one, <see cref="EmittedEvent.TraceParentHeader"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description><see cref="KafkaEventFormat.CloudEventsBinary"/> (the default): every attribute of the event becomes a
/// <c>ce_&lt;name&gt;</c> header, <c>datacontenttype</c> becomes <c>content-type</c> (<c>application/json</c> when absent) and
/// the value is the data.</description></item>
/// <item><description><see cref="KafkaEventFormat.CloudEventsStructured"/>: the value is the CloudEvents JSON document unchanged,
/// with <c>content-type: application/cloudevents+json; charset=UTF-8</c>.</description></item>
/// <item><description><see cref="KafkaEventFormat.PlainJson"/>: the value is the data and only <c>content-type</c> comes
/// along; the consumer needs a configured type for the topic.</description></item>
/// </list>
/// </remarks>
public static class KafkaEventEncoder
{
    private static readonly byte[] StructuredContentType = KafkaHeaderText.GetBytes(CloudEventsKafkaHeaders.StructuredContentType);
    private static readonly byte[] JsonContentType = KafkaHeaderText.GetBytes(CloudEventsKafkaHeaders.JsonMediaType);

    /// <summary>Encodes one emitted event as a Kafka record.</summary>
    /// <param name="emitted">The event, its entity, idempotency key and trace parent.</param>
    /// <param name="format">The content mode; <see cref="KafkaEventFormat.Auto"/> is a decoding setting and is refused.</param>
    /// <returns>The record, ready for <c>ProduceAsync(emitted.Topic, ...)</c>.</returns>
    /// <exception cref="ArgumentException">The event's CloudEvents JSON is not a JSON object with <c>specversion</c>, <c>id</c>,
    /// <c>source</c> and <c>type</c>, or an attribute is not a string, number or boolean.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is <see cref="KafkaEventFormat.Auto"/> or unknown.</exception>
    public static Message<byte[]?, byte[]?> Encode(EmittedEvent emitted, KafkaEventFormat format = KafkaEventFormat.CloudEventsBinary)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        var headers = new Headers();
        byte[]? value;
        switch (format)
        {
            case KafkaEventFormat.CloudEventsStructured:
                headers.Add(CloudEventsKafkaHeaders.ContentType, StructuredContentType);
                value = AsArray(emitted.CloudEventJson);
                break;
            case KafkaEventFormat.CloudEventsBinary:
                value = Unpack(emitted, headers, attributesAsHeaders: true);
                break;
            case KafkaEventFormat.PlainJson:
                value = Unpack(emitted, headers, attributesAsHeaders: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(
                    nameof(format),
                    format,
                    $"Egress writes {nameof(KafkaEventFormat.CloudEventsBinary)}, {nameof(KafkaEventFormat.CloudEventsStructured)} or {nameof(KafkaEventFormat.PlainJson)}; {format} is not a content mode.");
        }

        headers.Add(EmittedEvent.IdempotencyKeyHeader, KafkaHeaderText.GetBytes(emitted.IdempotencyKey));
        if (!string.IsNullOrEmpty(emitted.TraceParent))
        {
            headers.Add(EmittedEvent.TraceParentHeader, KafkaHeaderText.GetBytes(emitted.TraceParent));
        }

        return new Message<byte[]?, byte[]?>
        {
            Key = string.IsNullOrEmpty(emitted.EntityId) ? null : KafkaHeaderText.GetBytes(emitted.EntityId),
            Value = value,
            Headers = headers,
        };
    }

    /// <summary>Reads the structured JSON once, adding attribute headers (binary mode) and <c>content-type</c>; returns the data.</summary>
    private static byte[]? Unpack(EmittedEvent emitted, Headers headers, bool attributesAsHeaders)
    {
        var json = emitted.CloudEventJson.Span;
        var reader = new Utf8JsonReader(json);
        byte[]? contentType = null;
        byte[]? base64Data = null;
        var dataStart = -1;
        var dataEnd = -1;
        var dataIsString = false;
        var required = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw NotACloudEvent(emitted, "it is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    dataStart = (int)reader.TokenStartIndex;
                    dataIsString = reader.TokenType == JsonTokenType.String;
                    reader.Skip();
                    dataEnd = (int)reader.BytesConsumed;
                    continue;
                }

                if (reader.ValueTextEquals("data_base64"u8))
                {
                    reader.Read();
                    base64Data = reader.GetBytesFromBase64();
                    continue;
                }

                if (reader.ValueTextEquals("datacontenttype"u8))
                {
                    reader.Read();
                    contentType = AttributeBytes(ref reader, emitted, "ce_datacontenttype");
                    continue;
                }

                var (header, bit) = KnownAttribute(ref reader);
                required |= bit;
                header ??= CloudEventsKafkaHeaders.Prefix + reader.GetString();
                reader.Read();
                var attribute = AttributeBytes(ref reader, emitted, header);
                if (attributesAsHeaders && attribute is not null)
                {
                    headers.Add(header, attribute);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw NotACloudEvent(emitted, ex.Message);
        }

        if (required != 0b1111)
        {
            throw NotACloudEvent(emitted, "it lacks one of the required attributes specversion, id, source and type");
        }

        var isJson = contentType is null || CloudEventsKafkaHeaders.IsJsonMediaType(contentType);
        headers.Add(CloudEventsKafkaHeaders.ContentType, contentType ?? JsonContentType);
        if (base64Data is not null)
        {
            return base64Data;
        }

        if (dataStart < 0)
        {
            // The binding's representation of an event without data: a record without a value.
            return null;
        }

        var data = json[dataStart..dataEnd];
        if (!isJson && dataIsString)
        {
            // Non-JSON data travels in the JSON format as a string: the record carries the text itself, not its quoted form.
            var text = new Utf8JsonReader(data);
            text.Read();
            return KafkaHeaderText.GetBytes(text.GetString()!);
        }

        return data.ToArray();
    }

    /// <summary>Maps the attributes every event has to their header names (and required-attribute bits) without allocating.</summary>
    private static (string? Header, int RequiredBit) KnownAttribute(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("specversion"u8) ? (CloudEventsKafkaHeaders.SpecVersion, 1)
        : reader.ValueTextEquals("id"u8) ? (CloudEventsKafkaHeaders.Id, 2)
        : reader.ValueTextEquals("source"u8) ? (CloudEventsKafkaHeaders.Source, 4)
        : reader.ValueTextEquals("type"u8) ? (CloudEventsKafkaHeaders.Type, 8)
        : reader.ValueTextEquals("subject"u8) ? (CloudEventsKafkaHeaders.Subject, 0)
        : reader.ValueTextEquals("time"u8) ? (CloudEventsKafkaHeaders.Time, 0)
        : (null, 0);

    private static byte[]? AttributeBytes(ref Utf8JsonReader reader, EmittedEvent emitted, string header) => reader.TokenType switch
    {
        JsonTokenType.String => reader.ValueIsEscaped ? KafkaHeaderText.GetBytes(reader.GetString()!) : reader.ValueSpan.ToArray(),
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => reader.ValueSpan.ToArray(),
        JsonTokenType.Null => null,
        _ => throw NotACloudEvent(emitted, $"attribute '{header[CloudEventsKafkaHeaders.Prefix.Length..]}' is a {reader.TokenType}, not a string, number or boolean"),
    };

    private static ArgumentException NotACloudEvent(EmittedEvent emitted, string why) =>
        new($"The event emitted to topic '{emitted.Topic}' (idempotency key '{emitted.IdempotencyKey}') is not a CloudEvents JSON document: {why}.", nameof(emitted));

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
