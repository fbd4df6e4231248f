using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

/// <summary>Compiles the configuration shown in the package README, so the snippet cannot rot.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "Hosting")]
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void ReadmeSiloConfiguration_RegistersGrainStorageAndDecisionLog()
    {
        using var data = new TempDirectory("localdisk-readme");

        // Same calls as the README's UseOrleans snippet; only the data directory differs.
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddLocalDiskGrainStorage("reactor", options => options.RootDirectory = Path.Combine(data.Path, "state"));
            silo.AddLocalDiskDecisionLog(options => options.RootDirectory = Path.Combine(data.Path, "decisions"));
        });
        using var host = builder.Build();

        Assert.IsType<LocalDiskGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("reactor"));
        Assert.IsType<LocalDiskDecisionLog>(host.Services.GetRequiredService<IDecisionLog>());
    }
}
