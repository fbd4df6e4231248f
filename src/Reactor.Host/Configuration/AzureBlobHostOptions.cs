using Reactor.Persistence.AzureBlob;

namespace Reactor.Host.Configuration;

/// <summary>
/// Connects the host to Azure Blob Storage (section <c>Reactor:Storage:AzureBlob</c>). Set
/// <see cref="ConnectionString"/> (Azurite, local runs; pass it through the environment, never appsettings.json) or
/// <see cref="ServiceUri"/>, which authenticates with <c>DefaultAzureCredential</c> (workload identity on AKS).
/// Neither is ever logged.
/// </summary>
public sealed class AzureBlobHostOptions
{
    /// <summary>Gets or sets the storage connection string. Default: none.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the blob service endpoint, used with <c>DefaultAzureCredential</c>. Default: none.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Gets or sets the container of entity state. Default: <c>grainstate</c>.</summary>
    public string StateContainer { get; set; } = "grainstate";

    /// <summary>Gets or sets the container of the decision log. Default: <c>decisions</c>.</summary>
    public string DecisionContainer { get; set; } = "decisions";

    /// <summary>Gets or sets the compression of state blobs. Default: <see cref="StateCompression.None"/>.</summary>
    public StateCompression Compression { get; set; } = StateCompression.None;
}
