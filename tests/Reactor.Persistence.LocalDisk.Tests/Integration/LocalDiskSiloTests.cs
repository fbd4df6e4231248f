using Orleans.TestingHost;
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
