using Reactor.Persistence.AzureBlob.Tests.Support;

namespace Reactor.Persistence.AzureBlob.Tests.Contracts;

/// <summary>Runs the shared grain storage contract against Azurite with gzip-compressed blobs.</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "GrainStorage")]
public sealed class GzipGrainStorageContractTests(AzuriteFixture azurite) : AzureBlobGrainStorageContractTests(azurite, StateCompression.Gzip);
