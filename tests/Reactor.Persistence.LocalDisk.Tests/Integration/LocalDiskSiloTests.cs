using Orleans.Configuration;
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
        await IncrementAcrossADeactivationAsync(Key);

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
    public async Task PersistentState_InTheStateLog_SurvivesDeactivationSiloRestartAndClear()
    {
        const string Key = "customer/43 ü";
        await IncrementAcrossADeactivationAsync(Key, LocalDiskLayout.Log);

        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.json", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_directory.Path, "state-log"), "*.seg"));

        await using (var cluster = await StartClusterAsync(LocalDiskLayout.Log))
        {
            var grain = cluster.Client.GetGrain<IDiskCounterGrain>(Key);

            Assert.Equal(3, await grain.Get());
            await grain.Clear();
            await cluster.StopAllSilosAsync();
        }

        await using (var cluster = await StartClusterAsync(LocalDiskLayout.Log))
        {
            Assert.Equal(0, await cluster.Client.GetGrain<IDiskCounterGrain>(Key).Get());
            await cluster.StopAllSilosAsync();
        }
    }

    /// <summary>Increments the counter twice, deactivates it and increments it again (asserting 3), then stops the silo.</summary>
    private async Task IncrementAcrossADeactivationAsync(string key, LocalDiskLayout layout = LocalDiskLayout.FilePerGrain)
    {
        await using var cluster = await StartClusterAsync(layout);
        var grain = cluster.Client.GetGrain<IDiskCounterGrain>(key);
        await grain.Increment();
        await grain.Increment();
        await cluster.DeactivateAsync(grain);

        Assert.Equal(3, await grain.Increment());
        await cluster.StopAllSilosAsync();
    }

    private async Task<InProcessTestCluster> StartClusterAsync(LocalDiskLayout layout = LocalDiskLayout.FilePerGrain)
    {
        var root = _directory.Path;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddLocalDiskGrainStorage("disk", o =>
        {
            o.RootDirectory = root;
            o.Layout = layout;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
