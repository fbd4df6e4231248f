using System.Text.Json;
using Azure.Storage.Blobs;
using Orleans.Storage;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Contracts;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure.Persistence;

namespace Reactor.Persistence.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "GrainStorage")]
public sealed class AzureBlobGrainStorageTests(AzuriteFixture azurite)
{
    private readonly BlobContainerClient _container = azurite.Client.GetBlobContainerClient(AzuriteFixture.NewContainerName());

    [Fact]
    public async Task WriteState_IntoMissingContainer_CreatesItAndStoresTheEnvelope()
    {
        var storage = Create(StateCompression.None);
        var grainId = GrainId.Create("counter", "a/b c");
        var state = new GrainState<CounterState>(new CounterState { Count = 3, Label = "gold" });

        await storage.WriteStateAsync("state", grainId, state);

        var download = (await _container.GetBlobClient(storage.GetBlobName("state", grainId)).DownloadContentAsync()).Value;
        using var document = JsonDocument.Parse(download.Content);
        Assert.Equal("counter/state/a%2Fb%20c.json", storage.GetBlobName("state", grainId));
        Assert.Equal(state.ETag, download.Details.ETag.ToString());
        Assert.Equal(1, document.RootElement.GetProperty("format").GetInt32());
        Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(3, document.RootElement.GetProperty("state").GetProperty("count").GetInt32());
        Assert.False(document.RootElement.TryGetProperty("etag", out _));
    }

    [Theory]
    [InlineData(StateCompression.Gzip, "gzip")]
    [InlineData(StateCompression.Brotli, "br")]
    public async Task WriteState_Compressed_StoresCompressedBytesWithContentEncoding_ReadableWithAnySetting(StateCompression compression, string encoding)
    {
        var grainId = GrainId.Create("counter", "compressed");
        var state = new GrainState<CounterState>(new CounterState { Label = new string('x', 4000) });

        await Create(compression).WriteStateAsync("state", grainId, state);
        var read = new GrainState<CounterState>();
        await Create(StateCompression.None).ReadStateAsync("state", grainId, read);

        var download = (await _container.GetBlobClient(AzureBlobNames.ForState("state", grainId)).DownloadContentAsync()).Value;
        Assert.Equal(encoding, download.Details.ContentEncoding);
        Assert.True(download.Content.ToMemory().Length < 1000);
        Assert.Equal(4000, read.State!.Label!.Length);
    }

    [Fact]
    public async Task ClearState_WithoutDelete_KeepsABlobWithoutStateAndANewETag()
    {
        var storage = Create(StateCompression.None, deleteStateOnClear: false);
        var grainId = GrainId.Create("counter", "kept");
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync("state", grainId, state);
        var written = state.ETag;

        await storage.ClearStateAsync("state", grainId, state);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync("state", grainId, read);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.False(read.RecordExists);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState())));
    }

    [Fact]
    public async Task ReadState_UnknownContentEncoding_ThrowsCorruptStateBlobExceptionNamingTheBlob()
    {
        var storage = Create(StateCompression.None);
        var grainId = GrainId.Create("counter", "odd-encoding");
        var blobName = storage.GetBlobName("state", grainId);
        await _container.CreateIfNotExistsAsync();
        await _container.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromString("{}"),
            new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new() { ContentEncoding = "zstd" } });

        var ex = await Assert.ThrowsAsync<CorruptStateBlobException>(() => storage.ReadStateAsync("state", grainId, new GrainState<CounterState>()));

        Assert.Equal($"{_container.Name}/{blobName}", ex.BlobName);
        Assert.Contains("zstd", ex.Message, StringComparison.Ordinal);
    }

    private AzureBlobGrainStorage Create(StateCompression compression, bool deleteStateOnClear = true)
    {
        var storage = AzureBlobGrainStorageContractTests.Create(azurite, _container, compression, new StateSchemaUpgrades());
        return deleteStateOnClear
            ? storage
            : new AzureBlobGrainStorage(
                "blob",
                new Orleans.Configuration.AzureBlobGrainStorageOptions { BlobServiceClient = azurite.Client, ContainerName = _container.Name, DeleteStateOnClear = false },
                _container,
                azurite.Activators,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<AzureBlobGrainStorage>.Instance);
    }
}
