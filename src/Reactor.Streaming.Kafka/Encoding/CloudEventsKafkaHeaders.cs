using System.Text;

namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>Names the Kafka headers of the CloudEvents Kafka protocol binding and the ones Reactor adds.</summary>
internal static class CloudEventsKafkaHeaders
{
    public const string Prefix = "ce_";
    public const string SpecVersion = "ce_specversion";
    public const string Id = "ce_id";
    public const string Source = "ce_source";
    public const string Type = "ce_type";
    public const string Subject = "ce_subject";
    public const string Time = "ce_time";
    public const string ContentType = "content-type";
    public const string StructuredContentType = "application/cloudevents+json; charset=UTF-8";
    public const string CloudEventsMediaTypePrefix = "application/cloudevents";
    public const string StructuredJsonMediaType = "application/cloudevents+json";
    public const string JsonMediaType = "application/json";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string CeTraceParent = "ce_traceparent";
    public const string CeTraceState = "ce_tracestate";
    public const string SupportedSpecVersion = "1.0";

    /// <summary>Tells whether a media type (parameters allowed) is JSON: <c>application/json</c>, <c>text/json</c> or <c>*/*+json</c>.</summary>
    public static bool IsJsonMediaType(ReadOnlySpan<byte> mediaType)
    {
        var essence = Essence(mediaType);
        return Ascii.EqualsIgnoreCase(essence, "application/json"u8)
            || Ascii.EqualsIgnoreCase(essence, "text/json"u8)
            || (essence.Length > 5 && Ascii.EqualsIgnoreCase(essence[^5..], "+json"u8));
    }

    /// <summary>Tells whether a media type names a CloudEvents event format, which means structured mode.</summary>
    public static bool IsCloudEventsMediaType(ReadOnlySpan<byte> mediaType)
    {
        var trimmed = mediaType[Ascii.Trim(mediaType)];
        return trimmed.Length >= CloudEventsMediaTypePrefix.Length
            && Ascii.EqualsIgnoreCase(trimmed[..CloudEventsMediaTypePrefix.Length], "application/cloudevents"u8);
    }

    /// <summary>Tells whether a CloudEvents media type is the JSON event format, the one structured format Reactor reads.</summary>
    public static bool IsStructuredJson(ReadOnlySpan<byte> mediaType)
    {
        var essence = Essence(mediaType);
        return Ascii.EqualsIgnoreCase(essence, "application/cloudevents+json"u8)
            || Ascii.EqualsIgnoreCase(essence, "application/cloudevents"u8);
    }

    /// <summary>Tells whether a header name is <c>content-type</c>, in any case.</summary>
    public static bool IsContentType(string headerName) =>
        string.Equals(headerName, ContentType, StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<byte> Essence(ReadOnlySpan<byte> mediaType)
    {
        var semicolon = mediaType.IndexOf((byte)';');
        var essence = semicolon >= 0 ? mediaType[..semicolon] : mediaType;
        return essence[Ascii.Trim(essence)];
    }
}
