using System.Buffers;
using System.Text.Json;

namespace Reactor.Runtime.Events;

/// <summary>
/// Writes structured-mode CloudEvents 1.0 JSON documents for events Reactor emits: the same bytes the CloudEvents SDK's
/// <c>JsonEventFormatter</c> writes for these attributes (specversion, id, source, type, subject, time, datacontenttype
/// <c>application/json</c>, data), with the SDK's attribute checks, but written straight into one buffer per thread
/// instead of through a <c>CloudEvent</c> object, a parsed content type and a memory stream.
/// </summary>
public static class CloudEventJson
{
    private const int MaxKeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ThreadBuffers? _buffers;

    /// <summary>Encodes one event as structured-mode CloudEvents JSON.</summary>
    /// <param name="id">The CloudEvents id.</param>
    /// <param name="source">The CloudEvents source (a URI reference).</param>
    /// <param name="type">The CloudEvents type.</param>
    /// <param name="subject">The entity the event is about.</param>
    /// <param name="time">The event time.</param>
    /// <param name="data">The JSON payload.</param>
    /// <returns>The UTF-8 JSON document.</returns>
    /// <exception cref="ArgumentException">An attribute is empty or holds a character CloudEvents does not permit, or
    /// <paramref name="data"/> is not a JSON value.</exception>
    /// <exception cref="UriFormatException"><paramref name="source"/> is not a URI reference.</exception>
    public static ReadOnlyMemory<byte> Encode(string id, string source, string type, string subject, DateTimeOffset time, JsonElement data)
    {
        CloudEventAttributeText.RequireNonEmpty(id, "id");
        CloudEventAttributeText.RequireNonEmpty(type, "type");
        CloudEventAttributeText.RequireNonEmpty(subject, "subject");
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The CloudEvents data is not a JSON value.", nameof(data));
        }

        var buffers = _buffers ??= new ThreadBuffers();
        buffers.RequireUriReference(source);
        var writer = buffers.Start();
        writer.WriteStartObject();
        writer.WriteString("specversion"u8, "1.0"u8);
        writer.WriteString("id"u8, id);
        writer.WriteString("source"u8, source);
        writer.WriteString("type"u8, type);
        writer.WriteString("subject"u8, subject);
        Span<char> timeText = stackalloc char[CloudEventTime.MaxLength];
        writer.WriteString("time"u8, CloudEventTime.Format(time, timeText));
        writer.WriteString("datacontenttype"u8, "application/json"u8);
        writer.WritePropertyName("data"u8);
        data.WriteTo(writer);
        writer.WriteEndObject();
        writer.Flush();
        var document = buffers.Output.WrittenSpan.ToArray();
        if (buffers.Output.Capacity > MaxKeptBufferBytes)
        {
            // One very large event does not leave its buffer on the thread for good.
            _buffers = null;
        }

        return document;
    }

    /// <summary>A writer and its buffer, reused by every event encoded on one thread.</summary>
    private sealed class ThreadBuffers
    {
        private string? _lastSource;

        public ArrayBufferWriter<byte> Output { get; } = new(512);

        public Utf8JsonWriter Writer { get; }

        public ThreadBuffers() => Writer = new Utf8JsonWriter(Output);

        public Utf8JsonWriter Start()
        {
            Output.ResetWrittenCount();
            Writer.Reset(Output);
            return Writer;
        }

        // An emitting entity passes the same source event after event; it is parsed once, not per event.
        public void RequireUriReference(string source)
        {
            if (string.Equals(source, _lastSource, StringComparison.Ordinal))
            {
                return;
            }

            // A URI reference, not a CloudEvents string: the SDK checks that it is non-empty and parses, nothing more.
            ArgumentException.ThrowIfNullOrEmpty(source);
            _ = new Uri(source, UriKind.RelativeOrAbsolute);
            _lastSource = source;
        }
    }
}
