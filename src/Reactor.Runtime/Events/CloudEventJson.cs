using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Reactor.Runtime.Events;

/// <summary>Writes structured-mode CloudEvents 1.0 JSON documents for events Reactor emits.</summary>
public static class CloudEventJson
{
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Encodes one event as structured-mode CloudEvents JSON.</summary>
    /// <param name="id">The CloudEvents id.</param>
    /// <param name="source">The CloudEvents source (a URI reference).</param>
    /// <param name="type">The CloudEvents type.</param>
    /// <param name="subject">The entity the event is about.</param>
    /// <param name="time">The event time.</param>
    /// <param name="data">The JSON payload.</param>
    /// <returns>The UTF-8 JSON document.</returns>
    public static ReadOnlyMemory<byte> Encode(string id, string source, string type, string subject, DateTimeOffset time, JsonElement data)
    {
        var cloudEvent = new CloudEvent
        {
            Id = id,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = type,
            Subject = subject,
            Time = time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = data,
        };
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
    }
}
