using Azure.Core;
using Azure.Storage.Blobs;

namespace Orleans.Configuration;

/// <summary>
/// Says which Azure Blob Storage account and container a Reactor Azure Blob component uses. Set exactly one
/// client source: <see cref="BlobServiceClient"/>, <see cref="BlobServiceClientKey"/>, <see cref="ConnectionString"/>,
/// or <see cref="ServiceUri"/> with <see cref="Credential"/>.
/// </summary>
public abstract class AzureBlobConnectionOptions
{
    /// <summary>Gets or sets a ready client to use. Default: <see langword="null"/>.</summary>
    public BlobServiceClient? BlobServiceClient { get; set; }

    /// <summary>
    /// Gets or sets the key of a keyed <see cref="Azure.Storage.Blobs.BlobServiceClient"/> service to resolve from
    /// the host's services (registered with <c>AddKeyedSingleton</c>). Default: <see langword="null"/>.
    /// </summary>
    public object? BlobServiceClientKey { get; set; }

    /// <summary>
    /// Gets or sets a storage connection string (Azurite and local runs; prefer <see cref="ServiceUri"/> with a token
    /// credential in production). Never logged. Default: <see langword="null"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the blob service endpoint, used with <see cref="Credential"/>. Default: <see langword="null"/>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Gets or sets the token credential for <see cref="ServiceUri"/> (for example <c>DefaultAzureCredential</c>). Default: <see langword="null"/>.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// Gets or sets the client settings used when the client is built from <see cref="ConnectionString"/> or
    /// <see cref="ServiceUri"/>, including the retry policy for transient failures (<see cref="Azure.Core.ClientOptions.Retry"/>:
    /// by default exponential back-off, 3 retries from 0.8 s). Default: a new <see cref="BlobClientOptions"/>.
    /// </summary>
    public BlobClientOptions ClientOptions { get; set; } = new();

    /// <summary>Gets or sets the container; created on first use when missing. Each component documents its default.</summary>
    public abstract string ContainerName { get; set; }
}
