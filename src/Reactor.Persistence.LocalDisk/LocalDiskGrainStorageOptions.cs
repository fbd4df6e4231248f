using System.Text.Json;
using Reactor.Abstractions;

namespace Orleans.Configuration;

/// <summary>
/// Configures a Reactor local-disk grain storage provider (<c>AddLocalDiskGrainStorage</c>): one JSON
/// file per grain type, grain key and state name under <see cref="RootDirectory"/>.
/// </summary>
public sealed class LocalDiskGrainStorageOptions
{
    /// <summary>
    /// Gets or sets the directory that holds the state files. Required; no default. A relative path is
    /// resolved against the current directory when the provider starts. The directory is created if
    /// missing and may be used by one process at a time.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// Gets or sets the System.Text.Json settings used to serialize grain state. Defaults to
    /// <see cref="ReactorJson.Options"/> (camelCase names, enums as strings), the format every Reactor store shares.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = ReactorJson.Options;

    /// <summary>
    /// Gets or sets a value indicating whether clearing state deletes its file. Defaults to <see langword="true"/>.
    /// When <see langword="false"/>, clearing keeps a file with no state and a new ETag, so a stale
    /// activation cannot recreate the record with a create-only write.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;
}
