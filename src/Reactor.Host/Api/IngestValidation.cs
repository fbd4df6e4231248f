using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Events;

namespace Reactor.Host.Api;

/// <summary>Checks an ingested CloudEvents JSON document as the transport will: envelope, entity id, registered type, and a payload that deserializes.</summary>
internal sealed class IngestValidation(EventTypeRegistry registry, TimeProvider time)
{
    private readonly CloudEventDecoder _decoder = new(registry);

    /// <summary>Validates one event.</summary>
    /// <param name="json">The structured-mode CloudEvents JSON.</param>
    /// <param name="topic">The topic it is for.</param>
    /// <param name="envelope">The decoded envelope when valid.</param>
    /// <returns>Why the event is invalid, or <see langword="null"/>.</returns>
    public string? Validate(ReadOnlyMemory<byte> json, string topic, out EventEnvelope? envelope)
    {
        envelope = null;
        var decoded = _decoder.Decode(json, key: null, new LogPosition(topic, 0, 0), time.GetUtcNow());
        if (!decoded.IsValid)
        {
            return decoded.Detail;
        }

        var candidate = decoded.Envelope!;
        registry.TryGetType(candidate.Type, out var type);
        try
        {
            if (JsonSerializer.Deserialize(candidate.Data.Span, type!, ReactorJson.Options) is null)
            {
                return $"Event '{candidate.Id}' has no data; {candidate.Type} needs a {type!.Name}.";
            }
        }
        catch (JsonException ex)
        {
            return $"The data of event '{candidate.Id}' is not a valid {type!.Name}: {ex.Message}";
        }

        envelope = candidate;
        return null;
    }
}
