using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Events;

/// <summary>
/// Validates structured-mode CloudEvents JSON as the transport receives it: the CloudEvents 1.0 attributes,
/// an entity id (the transport key, else <c>subject</c>) and a registered <c>type</c>. The payload is kept as bytes.
/// </summary>
/// <param name="registry">The registered event types.</param>
public sealed class CloudEventDecoder(EventTypeRegistry registry)
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly ContentType StructuredJson = new("application/cloudevents+json");
    private static readonly byte[] JsonNull = "null"u8.ToArray();

    /// <summary>Decodes one structured-mode CloudEvents JSON document.</summary>
    /// <param name="body">The bytes as received.</param>
    /// <param name="key">The transport key, which names the entity when present.</param>
    /// <param name="position">The event's log position.</param>
    /// <param name="receivedAt">The log timestamp or arrival time.</param>
    /// <param name="headers">Transport headers to carry along.</param>
    /// <returns>The envelope, or why the bytes were rejected.</returns>
    public DecodeResult Decode(
        ReadOnlyMemory<byte> body,
        string? key,
        LogPosition position,
        DateTimeOffset receivedAt,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        // The common shape is read in one pass; anything else goes through the SDK, which accepts or rejects it.
        var read = StructuredCloudEventReader.TryRead(body);
        if (read is null)
        {
            try
            {
                var cloudEvent = Formatter.DecodeStructuredModeMessage(body, StructuredJson, extensionAttributes: null);
                read = new StructuredCloudEvent(cloudEvent.Id!, cloudEvent.Source!.ToString(), cloudEvent.Type!, cloudEvent.Subject, cloudEvent.Time, DataBytes(cloudEvent.Data));
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException)
            {
                return DecodeResult.Rejected(DeadLetterReason.InvalidEnvelope, $"Not a valid CloudEvents 1.0 JSON document: {ex.Message}");
            }
        }

        var entityId = string.IsNullOrEmpty(key) ? read.Subject : key;
        if (string.IsNullOrEmpty(entityId))
        {
            return DecodeResult.Rejected(DeadLetterReason.MissingEntityId, $"Event '{read.Id}' has neither a key nor a CloudEvents subject naming its entity.");
        }

        if (!registry.TryGetType(read.Type, out _))
        {
            return DecodeResult.Rejected(DeadLetterReason.UnknownType, $"CloudEvents type '{read.Type}' is not registered.");
        }

        return DecodeResult.Valid(new EventEnvelope
        {
            Id = read.Id,
            Source = read.Source,
            Type = read.Type,
            EntityId = entityId,
            Time = read.Time,
            Position = position,
            Data = read.Data is { } data ? Detached(data, body) : JsonNull,
            ReceivedAt = receivedAt,
            Headers = headers ?? new Dictionary<string, string>(),
        });
    }

    /// <summary>
    /// Copies data that is at most half of its document, so an envelope waiting in a cache holds its data rather than
    /// the whole document: the other attributes are strings of their own by now.
    /// </summary>
    private static ReadOnlyMemory<byte> Detached(ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> body) =>
        data.Length * 2 <= body.Length ? data.ToArray() : data;

    private static ReadOnlyMemory<byte> DataBytes(object? data) => data switch
    {
        null => JsonNull,
        JsonElement element => JsonSerializer.SerializeToUtf8Bytes(element),
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        _ => JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
    };
}
