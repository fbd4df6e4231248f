using System.Text.Json;
using Reactor.Runtime.Persistence;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Reads and writes a grain state file: the shared <see cref="StateDocument"/> envelope with the ETag kept inside,
/// <c>{"format":1,"etag":"&lt;32 hex digits&gt;","schemaVersion":1,"state":{...}}</c>. A file without <c>state</c>
/// is a cleared record that keeps its ETag (written when <c>DeleteStateOnClear</c> is off).
/// </summary>
internal static class StateFile
{
    /// <summary>Creates a fresh ETag: 128 random bits as 32 lower-case hex digits, so no ETag is ever reissued.</summary>
    /// <returns>The ETag.</returns>
    public static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>Serializes an envelope holding a state.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="etag">The ETag of this version.</param>
    /// <param name="state">The state.</param>
    /// <param name="options">The serializer settings.</param>
    /// <param name="upgrades">The schema versions.</param>
    /// <returns>The file content.</returns>
    public static byte[] Serialize<T>(string etag, T state, JsonSerializerOptions options, StateSchemaUpgrades upgrades) =>
        StateDocument.Serialize(state, options, upgrades, etag);

    /// <summary>Serializes an envelope for a cleared record.</summary>
    /// <param name="etag">The ETag of this version.</param>
    /// <returns>The file content.</returns>
    public static byte[] SerializeCleared(string etag) => StateDocument.SerializeCleared(etag);

    /// <summary>Reads the ETag of a stored file, validating the whole envelope.</summary>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="content">The file content.</param>
    /// <returns>The stored ETag.</returns>
    /// <exception cref="CorruptStateFileException">The content is not a valid envelope.</exception>
    public static string ReadETag(string path, byte[] content)
    {
        try
        {
            return StateDocument.ReadETag(content) ?? throw new InvalidStateDocumentException("its \"etag\" is missing.");
        }
        catch (InvalidStateDocumentException ex)
        {
            throw new CorruptStateFileException(path, ex.Message, ex);
        }
    }

    /// <summary>Reads a stored file, upgrading an older state to the current schema version.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="content">The file content.</param>
    /// <param name="options">The serializer settings.</param>
    /// <param name="upgrades">The schema versions and upgrades.</param>
    /// <returns>The ETag, whether a state is present, and the state (<see langword="default"/> when absent or JSON <c>null</c>).</returns>
    /// <exception cref="CorruptStateFileException">The content is not a valid envelope or the state does not deserialize.</exception>
    public static (string ETag, bool HasState, T? State) Read<T>(string path, byte[] content, JsonSerializerOptions options, StateSchemaUpgrades upgrades)
    {
        try
        {
            var stored = StateDocument.Deserialize<T>(content, options, upgrades);
            var etag = stored.ETag ?? throw new InvalidStateDocumentException("its \"etag\" is missing.");
            return (etag, stored.HasState, stored.State);
        }
        catch (InvalidStateDocumentException ex)
        {
            throw new CorruptStateFileException(path, ex.Message, ex);
        }
    }
}
