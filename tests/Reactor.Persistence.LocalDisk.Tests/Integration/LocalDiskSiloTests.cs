using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests.Integration;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "Integration")]
public sealed class LocalDiskSiloTests : IDisposable
{
    private readonly TempDirectory _directory = new("localdisk-silo");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PersistentState_SurvivesDeactivationAndSiloRestart()
    {
        const string Key = "customer/42 ü";
        await using (var cluster = await StartClusterAsync())
        {
            var grain = cluster.Client.GetGrain<IDiskCounterGrain>(Key);
            await grain.Increment();
            await grain.Increment();
            await cluster.DeactivateAsync(grain);

            Assert.Equal(3, await grain.Increment());
            await cluster.StopAllSilosAsync();
        }

        Assert.Single(Directory.EnumerateFiles(_directory.Path, "*.json", SearchOption.AllDirectories));

        await using (var cluster = await StartClusterAsync())
        {
            var grain = cluster.Client.GetGrain<IDiskCounterGrain>(Key);

            Assert.Equal(3, await grain.Get());
            await grain.Clear();
            await cluster.StopAllSilosAsync();
        }

        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AddLocalDiskGrainStorage_WithoutRootDirectory_FailsValidationNamingProviderAndProperty()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskGrainStorage("disk", _ => { });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() =>
        {
            foreach (var validator in provider.GetServices<IConfigurationValidator>())
            {
                validator.ValidateConfiguration();
            }
        });

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskGrainStorageOptions.RootDirectory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLocalDiskDecisionLog_RegistersTheLogAsIDecisionLog()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskDecisionLog(o => o.RootDirectory = _directory.Path);
        await using var provider = services.BuildServiceProvider();

        var log = provider.GetRequiredService<IDecisionLog>();

        Assert.IsType<LocalDiskDecisionLog>(log);
        Assert.Same(log, provider.GetRequiredService<IDecisionLog>());
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var root = _directory.Path;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddLocalDiskGrainStorage("disk", o => o.RootDirectory = root));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
