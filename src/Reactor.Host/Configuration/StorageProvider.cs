namespace Reactor.Host.Configuration;

/// <summary>The storage the host keeps entity state and decisions in.</summary>
public enum StorageProvider
{
    /// <summary>A local directory (the embedded default).</summary>
    LocalDisk,

    /// <summary>Azure Blob Storage (the production profile).</summary>
    AzureBlob,
}
