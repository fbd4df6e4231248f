using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Runtime.DecisionLog;

namespace Reactor.Persistence.AzureBlob.Tests;

/// <summary>Compiles the configuration shown in the package README, so the snippet cannot rot.</summary>
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "Hosting")]
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void ReadmeSiloConfiguration_RegistersGrainStorageAndDecisionLog()
    {
        // Same calls as the README's UseOrleans snippet; the clients connect lazily, so nothing is contacted.
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddAzureBlobGrainStorage("reactor", options =>
            {
                options.ServiceUri = new Uri("https://ACCOUNT.blob.core.windows.net");
                options.Credential = new DefaultAzureCredential();
            });
            silo.AddAzureBlobDecisionLog(options =>
            {
                options.ServiceUri = new Uri("https://ACCOUNT.blob.core.windows.net");
                options.Credential = new DefaultAzureCredential();
            });
        });
        using var host = builder.Build();

        Assert.IsType<AzureBlobGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("reactor"));
        Assert.IsType<AzureBlobDecisionLog>(host.Services.GetRequiredService<IDecisionLog>());
    }
}
