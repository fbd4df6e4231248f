namespace Orleans.Configuration;

/// <summary>
/// Configures Reactor's Azure Blob lease provider (<c>UseAzureBlobLeaseProvider</c>): one empty blob per lease
/// category and resource key, <c>{category}/{resource key}</c>, leased with Azure blob leases.
/// </summary>
public sealed class AzureBlobLeaseProviderOptions : AzureBlobConnectionOptions
{
    /// <summary>The default <see cref="ContainerName"/>.</summary>
    public const string DefaultContainerName = "leases";

    /// <summary>Gets or sets the container that holds the lease blobs. Default: <c>leases</c>.</summary>
    public override string ContainerName { get; set; } = DefaultContainerName;
}
