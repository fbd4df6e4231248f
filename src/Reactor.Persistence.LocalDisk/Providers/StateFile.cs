using System.Buffers;
using System.Text.Json;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Reads and writes the envelope of a grain state file:
/// <c>{"format":1,"etag":"&lt;32 hex digits&gt;","state":{...}}</c>. A file without <c>state</c> is a
/// cleared record that keeps its ETag (written when <c>DeleteStateOnClear</c> is off).
/// </summary>
internal static class StateFile
{
    /// <summary>The envelope format this version writes and reads.</summary>
    public const int Format = 1;

    private const string FormatProperty = "format";
    private const string ETagProperty = "etag";
    private const string StateProperty = "state";

    /// <summary>Creates a fresh ETag: 128 random bits as 32 lower-case hex digits, so no ETag is ever reissued.</summary>
    /// <returns>The ETag.</returns>
    public static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>Serializes an envelope holding a state.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="etag">The ETag of this version.</param>
    /// <param name="state">The state.</param>
    /// <param name="options">The serializer settings.</param>
    /// <returns>The file content.</returns>
    public static byte[] Serialize<T>(string etag, T state, JsonSerializerOptions options) =>
        Write(etag, writer =>
        {
            writer.WritePropertyName(StateProperty);
            JsonSerializer.Serialize(writer, state, options);
        });

    /// <summary>Serializes an envelope for a cleared record.</summary>
    /// <param name="etag">The ETag of this version.</param>
    /// <returns>The file content.</returns>
    public static byte[] SerializeCleared(string etag) => Write(etag, _ => { });

    /// <summary>Reads the ETag of a stored file, validating the whole envelope.</summary>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="content">The file content.</param>
    /// <returns>The stored ETag.</returns>
    /// <exception cref="CorruptStateFileException">The content is not a valid envelope.</exception>
    public static string ReadETag(string path, byte[] content)
    {
        using var document = Parse(path, content);
        return GetETag(path, document.RootElement);
    }

    /// <summary>Reads a stored file.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="content">The file content.</param>
    /// <param name="options">The serializer settings.</param>
    /// <returns>The ETag, whether a state is present, and the state (<see langword="default"/> when absent or JSON <c>null</c>).</returns>
    /// <exception cref="CorruptStateFileException">The content is not a valid envelope or the state does not deserialize.</exception>
    public static (string ETag, bool HasState, T? State) Read<T>(string path, byte[] content, JsonSerializerOptions options)
    {
        using var document = Parse(path, content);
        var root = document.RootElement;
        var etag = GetETag(path, root);
        if (!root.TryGetProperty(StateProperty, out var stateElement))
        {
            return (etag, false, default);
        }

        try
        {
            return (etag, true, stateElement.Deserialize<T>(options));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new CorruptStateFileException(path, $"its state does not deserialize as {typeof(T).FullName} ({ex.Message}).", ex);
        }
    }

    private static byte[] Write(string etag, Action<Utf8JsonWriter> writeState)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(FormatProperty, Format);
            writer.WriteString(ETagProperty, etag);
            writeState(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonDocument Parse(string path, byte[] content)
    {
        if (content.Length == 0)
        {
            throw new CorruptStateFileException(path, "it is empty.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            throw new CorruptStateFileException(path, $"it is not valid JSON, possibly truncated ({ex.Message}).", ex);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(FormatProperty, out var format)
            || format.ValueKind != JsonValueKind.Number
            || !format.TryGetInt32(out var formatValue))
        {
            document.Dispose();
            throw new CorruptStateFileException(path, $"it is not a state envelope (an object with a numeric \"{FormatProperty}\").");
        }

        if (formatValue != Format)
        {
            document.Dispose();
            throw new CorruptStateFileException(path, $"its format {formatValue} is not supported by this version (expected {Format}).");
        }

        return document;
    }

    private static string GetETag(string path, JsonElement root)
    {
        if (!root.TryGetProperty(ETagProperty, out var etag)
            || etag.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(etag.GetString()))
        {
            throw new CorruptStateFileException(path, $"its \"{ETagProperty}\" is missing or not a string.");
        }

        return etag.GetString()!;
    }
}
