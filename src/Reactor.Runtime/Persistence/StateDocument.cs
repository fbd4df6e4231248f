using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reactor.Runtime.Persistence;

/// <summary>
/// Writes and reads the envelope every Reactor grain store uses for a state:
/// <c>{"format":1,"etag":"…","schemaVersion":1,"state":{…}}</c>. <c>etag</c> is present only in stores that keep
/// the ETag inside the document (a local file; a blob's ETag is the blob's own). A document without <c>state</c>
/// is a cleared record. <c>schemaVersion</c> is the state type's version in <see cref="StateSchemaUpgrades"/>;
/// reading an older document runs the registered upgrade.
/// </summary>
public static class StateDocument
{
    /// <summary>The envelope format this version writes and reads.</summary>
    public const int Format = 1;

    private const string FormatProperty = "format";
    private const string ETagProperty = "etag";
    private const string SchemaVersionProperty = "schemaVersion";
    private const string StateProperty = "state";

    // Every entity write serializes a document; a fresh growing buffer per write was a fifth of a silo's allocations.
    [ThreadStatic]
    private static DocumentBuffer? t_buffer;

    /// <summary>Serializes an envelope holding a state.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="state">The state.</param>
    /// <param name="options">The serializer settings.</param>
    /// <param name="upgrades">The schema versions; the version of <typeparamref name="T"/> is written.</param>
    /// <param name="etag">The ETag to keep in the document, or <see langword="null"/> for none.</param>
    /// <returns>The UTF-8 JSON document.</returns>
    /// <remarks>
    /// A <see cref="SerializedState"/> is written as the state it holds: as is when it was serialized with
    /// <paramref name="options"/>, otherwise read back as its state type and serialized with <paramref name="options"/>.
    /// </remarks>
    public static byte[] Serialize<T>(T state, JsonSerializerOptions options, StateSchemaUpgrades upgrades, string? etag = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upgrades);
        if (state is SerializedState serialized)
        {
            return WriteSerialized(serialized, options, upgrades, etag);
        }

        return Write(etag, upgrades.GetCurrentVersion(typeof(T)), writer =>
        {
            writer.WritePropertyName(StateProperty);
            JsonSerializer.Serialize(writer, state, options);
        });
    }

    /// <summary>Serializes an envelope for a cleared record (no state).</summary>
    /// <param name="etag">The ETag to keep in the document, or <see langword="null"/> for none.</param>
    /// <returns>The UTF-8 JSON document.</returns>
    public static byte[] SerializeCleared(string? etag = null) => Write(etag, null, static _ => { });

    /// <summary>Reads the ETag kept in a document, validating the envelope.</summary>
    /// <param name="content">The document.</param>
    /// <returns>The ETag, or <see langword="null"/> when the document keeps none.</returns>
    /// <exception cref="InvalidStateDocumentException">The content is not a valid envelope.</exception>
    public static string? ReadETag(ReadOnlyMemory<byte> content)
    {
        using var document = Parse(content);
        return GetETag(document.RootElement);
    }

    /// <summary>Reads a document, upgrading an older state to the current schema version of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="content">The document.</param>
    /// <param name="options">The serializer settings.</param>
    /// <param name="upgrades">The schema versions and upgrades.</param>
    /// <returns>What the document holds.</returns>
    /// <exception cref="InvalidStateDocumentException">
    /// The content is not a valid envelope, its schema version is newer than this code knows, its upgrade failed,
    /// or its state does not deserialize.
    /// </exception>
    public static StoredState<T> Deserialize<T>(ReadOnlyMemory<byte> content, JsonSerializerOptions options, StateSchemaUpgrades upgrades)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upgrades);
        using var document = Parse(content);
        var root = document.RootElement;
        var etag = GetETag(root);
        var version = GetSchemaVersion(root);
        if (!root.TryGetProperty(StateProperty, out var stateElement))
        {
            return new StoredState<T>(etag, version, false, default);
        }

        var current = upgrades.GetCurrentVersion(typeof(T));
        if (version > current)
        {
            throw new InvalidStateDocumentException(
                $"its schema version {version} is newer than the version of {typeof(T).FullName} this code knows ({current}); it was written by a newer version of the application.");
        }

        try
        {
            if (version == current)
            {
                return new StoredState<T>(etag, version, true, stateElement.Deserialize<T>(options));
            }

            JsonNode? upgraded;
            try
            {
                upgraded = upgrades.Upgrade(typeof(T), version, JsonNode.Parse(stateElement.GetRawText()));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidStateDocumentException($"the upgrade of its state from schema version {version} to {current} failed ({ex.Message}).", ex);
            }

            return new StoredState<T>(etag, version, true, upgraded is null ? default : upgraded.Deserialize<T>(options));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidStateDocumentException($"its state does not deserialize as {typeof(T).FullName} ({ex.Message}).", ex);
        }
    }

    private static byte[] WriteSerialized(SerializedState serialized, JsonSerializerOptions options, StateSchemaUpgrades upgrades, string? etag)
    {
        var version = upgrades.GetCurrentVersion(serialized.StateType);
        if (!ReferenceEquals(serialized.Options, options))
        {
            var state = JsonSerializer.Deserialize(serialized.Json, serialized.StateType, serialized.Options);
            return Write(etag, version, writer =>
            {
                writer.WritePropertyName(StateProperty);
                JsonSerializer.Serialize(writer, state, serialized.StateType, options);
            });
        }

        return Write(etag, version, writer =>
        {
            writer.WritePropertyName(StateProperty);
            writer.WriteRawValue(serialized.Json, skipInputValidation: true);
        });
    }

    private static byte[] Write(string? etag, int? schemaVersion, Action<Utf8JsonWriter> writeState)
    {
        // Taken off the thread while in use, so a nested write (a converter writing a document) gets its own.
        var buffer = t_buffer ?? new DocumentBuffer();
        t_buffer = null;
        try
        {
            var writer = buffer.Writer;
            writer.Reset();
            writer.WriteStartObject();
            writer.WriteNumber(FormatProperty, Format);
            if (etag is not null)
            {
                writer.WriteString(ETagProperty, etag);
            }

            if (schemaVersion is { } version)
            {
                writer.WriteNumber(SchemaVersionProperty, version);
            }

            writeState(writer);
            writer.WriteEndObject();
            writer.Flush();
            return buffer.Output.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Output.ResetWrittenCount();
            if (buffer.Output.Capacity <= DocumentBuffer.MaxRetainedBytes)
            {
                t_buffer = buffer;
            }
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new InvalidStateDocumentException("it is empty.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            throw new InvalidStateDocumentException($"it is not valid JSON, possibly truncated ({ex.Message}).", ex);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(FormatProperty, out var format)
            || format.ValueKind != JsonValueKind.Number
            || !format.TryGetInt32(out var formatValue))
        {
            document.Dispose();
            throw new InvalidStateDocumentException($"it is not a state envelope (an object with a numeric \"{FormatProperty}\").");
        }

        if (formatValue != Format)
        {
            document.Dispose();
            throw new InvalidStateDocumentException($"its format {formatValue} is not supported by this version (expected {Format}).");
        }

        return document;
    }

    private static string? GetETag(JsonElement root)
    {
        if (!root.TryGetProperty(ETagProperty, out var etag))
        {
            return null;
        }

        return etag.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(etag.GetString())
            ? etag.GetString()
            : throw new InvalidStateDocumentException($"its \"{ETagProperty}\" is not a non-empty string.");
    }

    private static int GetSchemaVersion(JsonElement root)
    {
        if (!root.TryGetProperty(SchemaVersionProperty, out var version))
        {
            return StateSchemaUpgrades.DefaultVersion;
        }

        return version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var value) && value >= StateSchemaUpgrades.DefaultVersion
            ? value
            : throw new InvalidStateDocumentException($"its \"{SchemaVersionProperty}\" is not a positive integer.");
    }

    /// <summary>A writer and the buffer it writes to, reused by the writes of one thread.</summary>
    private sealed class DocumentBuffer
    {
        /// <summary>A buffer grown past this (a very large state) is dropped after its write rather than kept by the thread.</summary>
        public const int MaxRetainedBytes = 1024 * 1024;

        public DocumentBuffer() => Writer = new Utf8JsonWriter(Output);

        public ArrayBufferWriter<byte> Output { get; } = new(4096);

        public Utf8JsonWriter Writer { get; }
    }
}
