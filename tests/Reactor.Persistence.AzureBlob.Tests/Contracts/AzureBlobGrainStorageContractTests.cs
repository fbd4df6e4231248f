using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure.Persistence;

namespace Reactor.Persistence.AzureBlob.Tests.Contracts;

/// <summary>Runs the shared grain storage contract against Azurite, one container per test, uncompressed.</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "GrainStorage")]
public class AzureBlobGrainStorageContractTests : GrainStorageContractTests
{
    public AzureBlobGrainStorageContractTests(AzuriteFixture azurite)
        : this(azurite, StateCompression.None)
    {
    }

    protected AzureBlobGrainStorageContractTests(AzuriteFixture azurite, StateCompression compression)
        : this(azurite, azurite.Client.GetBlobContainerClient(AzuriteFixture.NewContainerName()), compression)
    {
    }

    private AzureBlobGrainStorageContractTests(AzuriteFixture azurite, BlobContainerClient container, StateCompression compression)
        : base(upgrades => Create(azurite, container, compression, upgrades))
    {
        Container = container;
    }

    protected BlobContainerClient Container { get; }

    protected override async Task CorruptStoredDocumentAsync(string stateName, GrainId grainId)
    {
        var blob = Container.GetBlobClient(((AzureBlobGrainStorage)CreateStorage()).GetBlobName(stateName, grainId));
        var download = (await blob.DownloadContentAsync()).Value;
        var content = download.Content.ToArray();
        await blob.UploadAsync(
            BinaryData.FromBytes(content[..(content.Length / 2)]),
            new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new() { ContentEncoding = download.Details.ContentEncoding } });
    }

    protected override string GetDocumentLocation(string stateName, GrainId grainId) =>
        $"{Container.Name}/{((AzureBlobGrainStorage)CreateStorage()).GetBlobName(stateName, grainId)}";

    internal static AzureBlobGrainStorage Create(AzuriteFixture azurite, BlobContainerClient container, StateCompression compression, StateSchemaUpgrades upgrades) =>
        new(
            "blob",
            new AzureBlobGrainStorageOptions { BlobServiceClient = azurite.Client, ContainerName = container.Name, Compression = compression, SchemaUpgrades = upgrades },
            container,
            azurite.Activators,
            NullLogger<AzureBlobGrainStorage>.Instance);
}
