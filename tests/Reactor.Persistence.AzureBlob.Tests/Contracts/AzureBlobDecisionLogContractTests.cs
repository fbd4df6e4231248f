using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.TestInfrastructure.Persistence;

namespace Reactor.Persistence.AzureBlob.Tests.Contracts;

/// <summary>Runs the shared decision log contract against Azurite, one container per test.</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "DecisionLog")]
public sealed class AzureBlobDecisionLogContractTests(AzuriteFixture azurite)
    : DecisionLogContractTests(CreateFactory(azurite, AzuriteFixture.NewContainerName()))
{
    internal static Func<AzureBlobDecisionLog> CreateFactory(AzuriteFixture azurite, string container, TimeSpan? bucketSize = null) =>
        () => new AzureBlobDecisionLog(
            Options.Create(new AzureBlobDecisionLogOptions { BlobServiceClient = azurite.Client, ContainerName = container, BucketSize = bucketSize ?? TimeSpan.FromDays(1) }),
            new ServiceCollection().BuildServiceProvider(),
            NullLogger<AzureBlobDecisionLog>.Instance);
}
