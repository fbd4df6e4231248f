using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Reactor.TestInfrastructure;

/// <summary>
/// The CloudEvents SDK's own structured-mode encoding of the attributes Reactor writes: the reference that Reactor's
/// <c>CloudEventJson</c> is compared with, in tests and benchmarks.
/// </summary>
public static class SdkCloudEvents
{
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Encodes one event through a <see cref="CloudEvent"/> and the SDK's JSON formatter.</summary>
    /// <param name="id">The CloudEvents id.</param>
    /// <param name="source">The CloudEvents source (a URI reference).</param>
    /// <param name="type">The CloudEvents type.</param>
    /// <param name="subject">The entity the event is about.</param>
    /// <param name="time">The event time.</param>
    /// <param name="data">The JSON payload.</param>
    /// <returns>The UTF-8 JSON document.</returns>
    public static ReadOnlyMemory<byte> Encode(string id, string source, string type, string subject, DateTimeOffset time, JsonElement data) =>
        Formatter.EncodeStructuredModeMessage(
            new CloudEvent
            {
                Id = id,
                Source = new Uri(source, UriKind.RelativeOrAbsolute),
                Type = type,
                Subject = subject,
                Time = time,
                DataContentType = MediaTypeNames.Application.Json,
                Data = data,
            },
            out _);
}
