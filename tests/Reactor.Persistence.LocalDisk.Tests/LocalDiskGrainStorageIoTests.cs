using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.TestInfrastructure.Persistence;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

/// <summary>Covers the dedicated I/O threads of the grain storage: concurrency, options and shutdown.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "IoThreads")]
public sealed class LocalDiskGrainStorageIoTests : IDisposable
{
    private const string StateName = "state";

    private readonly TempDirectory _directory = new("localdisk-io");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteState_200GrainsConcurrently_AllSucceedAndReadBack(bool flushToDisk)
    {
        using var storage = Create(o => o.FlushToDisk = flushToDisk);
        var grains = Enumerable.Range(0, 200).Select(i => (Id: GrainId.Create("counter", $"grain-{i}"), State: new GrainState<CounterState>(new CounterState { Count = i }))).ToList();

        // Three rounds per grain: a create, then two ETag-checked updates, every grain in parallel.
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(grains.Select(g => Task.Run(() =>
            {
                g.State.State!.Items.Add($"round-{round}");
                return storage.WriteStateAsync(StateName, g.Id, g.State);
            })));
        }

        using var reader = Create();
        foreach (var (id, state) in grains)
        {
            var read = new GrainState<CounterState>();
            await reader.ReadStateAsync(StateName, id, read);
            Assert.True(read.RecordExists);
            Assert.Equal(state.ETag, read.ETag);
            Assert.Equal(state.State!.Count, read.State!.Count);
            Assert.Equal(["round-0", "round-1", "round-2"], read.State!.Items);
        }

        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WriteState_ManyActivationsRacingOnEachOfManyGrains_ExactlyOneWinsPerGrain()
    {
        using var storage = Create(o => o.IoThreads = 4);
        var grains = Enumerable.Range(0, 50).Select(i => GrainId.Create("counter", $"race-{i}")).ToList();
        var initial = new Dictionary<GrainId, string>();
        foreach (var id in grains)
        {
            var state = new GrainState<CounterState>(new CounterState());
            await storage.WriteStateAsync(StateName, id, state);
            initial[id] = state.ETag!;
        }

        var attempts = grains.SelectMany(id => Enumerable.Range(1, 4).Select(n => (Id: id, State: new GrainState<CounterState>(new CounterState { Count = n }, initial[id])))).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(a => Task.Run(async () =>
        {
            try
            {
                await storage.WriteStateAsync(StateName, a.Id, a.State);
                return (Exception?)null;
            }
            catch (InconsistentStateException ex)
            {
                return ex;
            }
        })));

        foreach (var group in attempts.Zip(outcomes).GroupBy(x => x.First.Id))
        {
            var winner = Assert.Single(group, x => x.Second is null).First;
            var read = new GrainState<CounterState>();
            await storage.ReadStateAsync(StateName, group.Key, read);
            Assert.Equal(winner.State.ETag, read.ETag);
            Assert.Equal(winner.State.State!.Count, read.State!.Count);
        }
    }

    [Fact]
    public async Task FlushToDiskOff_WriteReadUpdateClear_RoundTrips()
    {
        using var storage = Create(o =>
        {
            o.FlushToDisk = false;
            o.DeleteStateOnClear = false;
        });
        var grainId = GrainId.Create("counter", "no-flush");
        var state = new GrainState<CounterState>(new CounterState { Count = 1, Label = "fast" });

        await storage.WriteStateAsync(StateName, grainId, state);
        state.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grainId, state);
        var read = new GrainState<CounterState>();
        using (var other = Create(o => o.FlushToDisk = false))
        {
            await other.ReadStateAsync(StateName, grainId, read);
        }

        await storage.ClearStateAsync(StateName, grainId, state);
        var cleared = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, cleared);

        Assert.Equal(2, read.State!.Count);
        Assert.Equal("fast", read.State!.Label);
        Assert.Equal(state.ETag, cleared.ETag);
        Assert.False(cleared.RecordExists);
        Assert.False(File.Exists(storage.GetFilePath(StateName, grainId) + DurableFile.TempSuffix));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65)]
    public void Constructor_IoThreadsOutOfRange_ThrowsNamingProviderAndProperty(int ioThreads)
    {
        var ex = Assert.Throws<OrleansConfigurationException>(() => Create(o => o.IoThreads = ioThreads));

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskGrainStorageOptions.IoThreads", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and 64", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task Constructor_IoThreadsAtTheLimits_Works(int ioThreads)
    {
        using var storage = Create(o => o.IoThreads = ioThreads);
        var state = new GrainState<CounterState>(new CounterState { Count = ioThreads });

        await storage.WriteStateAsync(StateName, GrainId.Create("counter", "limits"), state);

        Assert.NotNull(state.ETag);
    }

    [Fact]
    public async Task AddLocalDiskGrainStorage_IoThreadsOutOfRange_FailsValidationNamingProviderAndProperty()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskGrainStorage("disk", o =>
        {
            o.RootDirectory = _directory.Path;
            o.IoThreads = 100;
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() =>
        {
            foreach (var validator in provider.GetServices<IConfigurationValidator>())
            {
                validator.ValidateConfiguration();
            }
        });

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskGrainStorageOptions.IoThreads", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreEightThreadsAndFlushToDisk()
    {
        var options = new LocalDiskGrainStorageOptions();

        Assert.Equal(8, options.IoThreads);
        Assert.True(options.FlushToDisk);
    }

    [Fact]
    public async Task WriteState_AfterDispose_FailsClearlyInsteadOfHanging()
    {
        var storage = Create();
        var grainId = GrainId.Create("counter", "disposed");
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);

        storage.Dispose();
        state.State!.Count = 2;
        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(StateName, grainId, state));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.ClearStateAsync(StateName, grainId, state));

        Assert.Contains("LocalDisk grain storage 'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("disposed", ex.Message, StringComparison.Ordinal);
        var read = new GrainState<CounterState>();
        using var reader = Create();
        await reader.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(1, read.State!.Count);
    }

    [Fact]
    public async Task WriteState_NeverStarted_AfterDispose_FailsClearly()
    {
        var storage = Create();
        storage.Dispose();

        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            storage.WriteStateAsync(StateName, GrainId.Create("counter", "never"), new GrainState<CounterState>(new CounterState())));

        Assert.Contains("LocalDisk grain storage 'disk'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WithWritesInFlight_CompletesOrRejectsEachAndStopsItsThreads()
    {
        var storage = Create(o => o.IoThreads = 2);
        var grains = Enumerable.Range(0, 100).Select(i => (Id: GrainId.Create("counter", $"inflight-{i}"), State: new GrainState<CounterState>(new CounterState { Count = i }))).ToList();
        await storage.ReadStateAsync(StateName, grains[0].Id, new GrainState<CounterState>());
        var ioThreads = storage.IoThreads;

        var writes = grains.Select(g => Task.Run(() => storage.WriteStateAsync(StateName, g.Id, g.State))).ToList();
        storage.Dispose();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return null;
            }
            catch (ObjectDisposedException ex)
            {
                return ex;
            }
        }));

        // Every write either completed (and is stored) or was rejected with a message naming the provider; none hangs.
        using var reader = Create();
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new GrainState<CounterState>();
            await reader.ReadStateAsync(StateName, grains[i].Id, read);
            if (outcomes[i] is null)
            {
                Assert.Equal(grains[i].State.ETag, read.ETag);
                Assert.Equal(i, read.State!.Count);
            }
            else
            {
                Assert.Contains("LocalDisk grain storage 'disk'", outcomes[i]!.Message, StringComparison.Ordinal);
                Assert.False(read.RecordExists);
            }
        }

        Assert.Equal(2, ioThreads.Count);
        Assert.All(ioThreads, t => Assert.False(t.IsAlive));
        Assert.Empty(storage.IoThreads);
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private LocalDiskGrainStorage Create(Action<LocalDiskGrainStorageOptions>? configure = null)
    {
        var options = new LocalDiskGrainStorageOptions { RootDirectory = _directory.Path };
        configure?.Invoke(options);
        return new LocalDiskGrainStorage("disk", options, Activators.Provider, new ListLogger<LocalDiskGrainStorage>());
    }
}
