using System.Text.Json;

namespace Reactor.Runtime.Events;

/// <summary>
/// Reads the common shape of a structured-mode CloudEvents 1.0 JSON document in one pass, without building a
/// document object: the core attributes, <c>subject</c>, <c>time</c> and JSON <c>data</c> (kept as the original bytes).
/// Anything outside that shape (extension attributes, <c>data_base64</c>, a non-JSON content type, a malformed
/// document) returns <see langword="null"/>, and the caller decodes with the CloudEvents SDK, which accepts or
/// rejects it with its own message. So this reader decides nothing the SDK would decide differently.
/// </summary>
internal static class StructuredCloudEventReader
{
    /// <summary>Reads the document, or returns <see langword="null"/> when it is not of the common shape.</summary>
    /// <param name="body">The document.</param>
    /// <returns>The attributes and data, or <see langword="null"/>.</returns>
    public static StructuredCloudEvent? TryRead(ReadOnlyMemory<byte> body)
    {
        try
        {
            return Read(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StructuredCloudEvent? Read(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var recent = t_recent ??= new RecentValues();
        var specVersion = false;
        string? id = null, source = null, type = null, subject = null, time = null;
        DateTimeOffset? parsedTime = null;
        ReadOnlyMemory<byte>? data = null;
        var seen = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var attribute = Attribute(ref reader);
            if (attribute == 0 || (seen & attribute) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= attribute;
            if (attribute == DataBit)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                data = body.Slice(start, (int)reader.BytesConsumed - start);
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            switch (attribute)
            {
                case SpecVersionBit: specVersion = reader.ValueTextEquals("1.0"u8); break;
                case IdBit: id = reader.GetString(); break;
                case SourceBit: source = Repeated(ref reader, recent.Sources, AsUriReference); break;
                case TypeBit: type = Repeated(ref reader, recent.Types); break;
                case SubjectBit: subject = reader.GetString(); break;
                case TimeBit: (time, parsedTime) = Time(ref reader); break;
                case ContentTypeBit when !IsJson(reader.GetString()): return null;
            }
        }

        if (reader.Read() || !specVersion || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || subject?.Length == 0 || source is null)
        {
            return null;
        }

        if (time is not null)
        {
            if (!HasOffset(time) || !DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
            {
                return null;
            }

            parsedTime = value;
        }

        return new StructuredCloudEvent(id, source, type, subject, parsedTime, data);
    }

    /// <summary>
    /// Reads a value that repeats from event to event: the one remembered for the same bytes, or the text as
    /// <paramref name="render"/> turns it (remembered when it is not <see langword="null"/>, which rejects the document).
    /// </summary>
    private static string? Repeated(ref Utf8JsonReader reader, RecentAttributeValues recent, Func<string, string?>? render = null)
    {
        if (!reader.ValueIsEscaped && recent.Find(reader.ValueSpan) is { } known)
        {
            return known;
        }

        var text = reader.GetString()!;
        var value = render is null ? text : render(text);
        if (value is not null && !reader.ValueIsEscaped)
        {
            recent.Remember(reader.ValueSpan, value);
        }

        return value;
    }

    /// <summary>Renders a source as the SDK does (a URI reference), or returns <see langword="null"/> when it is not one.</summary>
    private static string? AsUriReference(string text) =>
        text.Length > 0 && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri) ? uri.ToString() : null;

    /// <summary>
    /// Parses an RFC 3339 time straight from its UTF-8 bytes when the JSON reader can; otherwise returns the text for
    /// the string parse (and its checks) that decides the rest.
    /// </summary>
    private static (string? Text, DateTimeOffset? Parsed) Time(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && HasOffset(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var parsed)
            ? (null, parsed)
            : (reader.GetString(), null);

    private const int SpecVersionBit = 1, IdBit = 2, SourceBit = 4, TypeBit = 8, SubjectBit = 16, TimeBit = 32, DataBit = 64, ContentTypeBit = 128;

    private static int Attribute(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.PropertyName ? 0
        : reader.ValueTextEquals("specversion"u8) ? SpecVersionBit
        : reader.ValueTextEquals("id"u8) ? IdBit
        : reader.ValueTextEquals("source"u8) ? SourceBit
        : reader.ValueTextEquals("type"u8) ? TypeBit
        : reader.ValueTextEquals("subject"u8) ? SubjectBit
        : reader.ValueTextEquals("time"u8) ? TimeBit
        : reader.ValueTextEquals("data"u8) ? DataBit
        : reader.ValueTextEquals("datacontenttype"u8) ? ContentTypeBit
        : 0;

    private static bool IsJson(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// RFC 3339 requires an offset (<c>Z</c> or <c>±hh:mm</c>); without one, or with a lower-case <c>t</c> or <c>z</c>
    /// (which the SDK rejects), the SDK decides.
    /// </summary>
    private static bool HasOffset(string time) =>
        time.Length > 19 && time[10] == 'T'
        && (time[^1] == 'Z' || (time.Length >= 25 && time[^6] is '+' or '-' && time[^3] == ':'));

    /// <summary>The same check as <see cref="HasOffset(string)"/>, on UTF-8 bytes.</summary>
    private static bool HasOffset(ReadOnlySpan<byte> time) =>
        time.Length > 19 && time[10] == (byte)'T'
        && (time[^1] == (byte)'Z' || (time.Length >= 25 && time[^6] is (byte)'+' or (byte)'-' && time[^3] == (byte)':'));

    [ThreadStatic]
    private static RecentValues? t_recent;

    /// <summary>The recent sources and types of the events this thread read.</summary>
    private sealed class RecentValues
    {
        public RecentAttributeValues Sources { get; } = new();

        public RecentAttributeValues Types { get; } = new();
    }
}

/// <summary>What <see cref="StructuredCloudEventReader"/> read from a document.</summary>
/// <param name="Id">The <c>id</c>.</param>
/// <param name="Source">The <c>source</c>, as the SDK would render it.</param>
/// <param name="Type">The <c>type</c>.</param>
/// <param name="Subject">The <c>subject</c>, if any.</param>
/// <param name="Time">The <c>time</c>, if any.</param>
/// <param name="Data">The JSON <c>data</c> as the original bytes, or <see langword="null"/> when absent.</param>
internal sealed record StructuredCloudEvent(string Id, string Source, string Type, string? Subject, DateTimeOffset? Time, ReadOnlyMemory<byte>? Data);
