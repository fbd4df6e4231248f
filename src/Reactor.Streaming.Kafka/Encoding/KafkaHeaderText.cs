using System.Text.Unicode;
using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>Converts Kafka header values, which are bytes, to and from the strings Reactor's envelopes and dead letters carry.</summary>
internal static class KafkaHeaderText
{
    /// <summary>The header map of a record without headers; shared, never mutated.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(0);

    /// <summary>Copies every header whose value is UTF-8 text; the last of repeated names wins.</summary>
    public static IReadOnlyDictionary<string, string> ToDictionary(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return Empty;
        }

        var result = new Dictionary<string, string>(headers.Count, StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (TryGetString(header.GetValueBytes(), out var text))
            {
                result[header.Key] = text;
            }
        }

        return result;
    }

    /// <summary>Decodes a header value, failing on a missing value or invalid UTF-8 rather than substituting characters.</summary>
    public static bool TryGetString(ReadOnlySpan<byte> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        if (!Utf8.IsValid(value))
        {
            text = null;
            return false;
        }

        text = value.IsEmpty ? string.Empty : System.Text.Encoding.UTF8.GetString(value);
        return true;
    }

    /// <summary>Encodes a header value as UTF-8.</summary>
    public static byte[] GetBytes(string value) => System.Text.Encoding.UTF8.GetBytes(value);
}
