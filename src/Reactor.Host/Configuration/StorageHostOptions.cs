namespace Reactor.Host.Configuration;

/// <summary>Chooses where the host keeps entity state and the decision log (section <c>Reactor:Storage</c>).</summary>
public sealed class StorageHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Storage";

    /// <summary>Gets or sets the storage provider. Default: <see cref="StorageProvider.LocalDisk"/> (under <c>Reactor:DataDirectory</c>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LocalDisk;

    /// <summary>Gets or sets the Azure Blob settings (section <c>Reactor:Storage:AzureBlob</c>), used when <see cref="Provider"/> is <see cref="StorageProvider.AzureBlob"/>.</summary>
    public AzureBlobHostOptions AzureBlob { get; set; } = new();
}
