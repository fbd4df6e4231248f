using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.LeaseProviders;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure.Persistence;

namespace Reactor.Persistence.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "Hosting")]
public sealed class AzureBlobHostingExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddAzureBlobGrainStorage_WithoutClient_FailsValidationNamingProviderAndSetting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAzureBlobGrainStorage("blob", _ => { });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() => ValidateAll(provider));

        Assert.Contains("'blob'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AzureBlobGrainStorageOptions.BlobServiceClient", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public async Task AddAzureBlobGrainStorage_InvalidContainerName_FailsValidationNamingTheSetting(string container)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAzureBlobGrainStorage("blob", o => (o.ConnectionString, o.ContainerName) = (azurite.Server.ConnectionString, container));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() => ValidateAll(provider));

        Assert.Contains($"AzureBlobGrainStorageOptions.ContainerName '{container}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAzureBlobGrainStorage_ServiceUriWithoutCredential_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAzureBlobGrainStorage("blob", o => o.ServiceUri = new Uri("https://account.blob.core.windows.net"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() => ValidateAll(provider));

        Assert.Contains("AzureBlobGrainStorageOptions.Credential", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAzureBlobGrainStorageAsDefault_WithKeyedClient_StoresThroughThatClient()
    {
        var container = AzuriteFixture.NewContainerName();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddKeyedSingleton("reactor-storage", (_, _) => new BlobServiceClient(azurite.Server.ConnectionString));
        services.AddAzureBlobGrainStorageAsDefault(o => (o.BlobServiceClientKey, o.ContainerName) = ("reactor-storage", container));
        await using var provider = services.BuildServiceProvider();
        ValidateAll(provider);

        var storage = provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("counter", "keyed");
        await storage.WriteStateAsync("state", grainId, new GrainState<CounterState>(new CounterState { Count = 9 }));

        var blob = azurite.Client.GetBlobContainerClient(container).GetBlobClient(((AzureBlobGrainStorage)storage).GetBlobName("state", grainId));
        Assert.True((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task AddAzureBlobDecisionLog_RegistersOneLogAsIDecisionLog_AndRejectsABadBucketSize()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAzureBlobDecisionLog(o => (o.ConnectionString, o.ContainerName) = (azurite.Server.ConnectionString, AzuriteFixture.NewContainerName()));
        await using var provider = services.BuildServiceProvider();
        var bad = new ServiceCollection();
        bad.AddLogging();
        bad.AddAzureBlobDecisionLog(o => (o.ConnectionString, o.BucketSize) = (azurite.Server.ConnectionString, TimeSpan.FromSeconds(1)));
        await using var badProvider = bad.BuildServiceProvider();

        var log = provider.GetRequiredService<IDecisionLog>();
        var ex = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IDecisionLog>());

        Assert.IsType<AzureBlobDecisionLog>(log);
        Assert.Same(log, provider.GetRequiredService<IDecisionLog>());
        Assert.Contains("AzureBlobDecisionLogOptions.BucketSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseAzureBlobLeaseProvider_RegistersTheLeaseProvider()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.UseAzureBlobLeaseProvider(o => o.ConnectionString = azurite.Server.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<AzureBlobLeaseProvider>(provider.GetRequiredService<ILeaseProvider>());
    }

    private static void ValidateAll(IServiceProvider provider)
    {
        foreach (var validator in provider.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }
    }
}
