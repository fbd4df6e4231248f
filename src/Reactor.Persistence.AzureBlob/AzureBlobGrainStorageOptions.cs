using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Persistence.AzureBlob;
using Reactor.Runtime.Persistence;

namespace Orleans.Configuration;

/// <summary>
/// Configures a Reactor Azure Blob grain storage provider (<c>AddAzureBlobGrainStorage</c>): one block blob per grain
/// type, state name and grain key, written with ETag conditions.
/// </summary>
public sealed class AzureBlobGrainStorageOptions : AzureBlobConnectionOptions
{
    /// <summary>The default <see cref="ContainerName"/>.</summary>
    public const string DefaultContainerName = "grainstate";

    /// <summary>Gets or sets the container that holds the state blobs. Default: <c>grainstate</c>.</summary>
    public override string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>
    /// Gets or sets the function that names the blob of one state of one grain. Default: <see langword="null"/>, which
    /// uses <c>{grain type}/{state name}/{grain key}.json</c> with every segment escaped (<see cref="AzureBlobNames.ForState"/>).
    /// The names it returns must be unique per (state name, grain id).
    /// </summary>
    public Func<string, GrainId, string>? BlobNameBuilder { get; set; }

    /// <summary>
    /// Gets or sets the System.Text.Json settings used to serialize grain state. Defaults to
    /// <see cref="ReactorJson.Options"/>, the format every Reactor store shares.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = ReactorJson.Options;

    /// <summary>
    /// Gets or sets the schema version of each state type and the upgrades of older stored states. Defaults to an
    /// empty set: every state type has version 1 and nothing is upgraded.
    /// </summary>
    public StateSchemaUpgrades SchemaUpgrades { get; set; } = new();

    /// <summary>
    /// Gets or sets the compression of written blobs (recorded as the blob's <c>Content-Encoding</c>, so blobs written
    /// with any setting stay readable). Default: <see cref="StateCompression.None"/>.
    /// </summary>
    public StateCompression Compression { get; set; } = StateCompression.None;

    /// <summary>
    /// Gets or sets a value indicating whether clearing state deletes its blob. Defaults to <see langword="true"/>.
    /// When <see langword="false"/>, clearing keeps a blob with no state and a new ETag, so a stale activation cannot
    /// recreate the record with a create-only write.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;
}
