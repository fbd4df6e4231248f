using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure;
using Xunit;
using static Reactor.TestInfrastructure.Persistence.DecisionRecords;

namespace Reactor.Persistence.LocalDisk.Tests;

/// <summary>Covers the dedicated I/O threads of the decision log: concurrency, options and shutdown.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "IoThreads")]
public sealed class LocalDiskDecisionLogIoTests : IDisposable
{
    private const string EntityType = "CustomerGrain";

    private readonly TempDirectory _directory = new("localdisk-decisions-io");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppendAsync_200EntitiesConcurrently_AllRecordsReadBack(bool flushToDisk)
    {
        using var log = CreateLog(o => o.FlushToDisk = flushToDisk);
        var ids = Enumerable.Range(0, 200).Select(i => $"customer-{i}").ToList();

        await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, 3).Select(batch => Task.Run(() =>
            log.AppendAsync(EntityType, id, [Create(EntityType, id, batch * 2, T0.AddSeconds(batch * 2)), Create(EntityType, id, (batch * 2) + 1, T0.AddSeconds((batch * 2) + 1))])))));

        using var reader = CreateLog();
        foreach (var id in ids)
        {
            var read = await reader.ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], read.Select(r => r.TriggerPosition.Offset));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Constructor_IoThreadsOutOfRange_ThrowsNamingTheLogAndProperty(int ioThreads)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => CreateLog(o => o.IoThreads = ioThreads));

        Assert.Contains("LocalDisk decision log", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskDecisionLogOptions.IoThreads", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLocalDiskDecisionLog_IoThreadsOutOfRange_FailsWhenResolved()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskDecisionLog(o =>
        {
            o.RootDirectory = _directory.Path;
            o.IoThreads = 0;
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDecisionLog>());

        Assert.Contains("LocalDiskDecisionLogOptions.IoThreads", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreEightThreadsAndFlushToDisk()
    {
        var options = new LocalDiskDecisionLogOptions();

        Assert.Equal(8, options.IoThreads);
        Assert.True(options.FlushToDisk);
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_FailsClearlyInsteadOfHanging()
    {
        var log = CreateLog();
        var id = "customer-disposed";
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);
        var ioThreads = log.IoThreads;

        log.Dispose();
        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(EntityType, id, [Create(EntityType, id, 2, T0)]));

        Assert.Contains("LocalDisk decision log", ex.Message, StringComparison.Ordinal);
        Assert.Contains("disposed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, ioThreads.Count);
        Assert.All(ioThreads, t => Assert.False(t.IsAlive));
        using var reader = CreateLog();
        Assert.Single(await reader.ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task Dispose_WithAppendsInFlight_CompletesOrRejectsEach()
    {
        var log = CreateLog(o => o.IoThreads = 2);
        var ids = Enumerable.Range(0, 100).Select(i => $"inflight-{i}").ToList();
        await log.AppendAsync(EntityType, "warm-up", [Create(EntityType, "warm-up", 0, T0)]);

        var appends = ids.Select(id => Task.Run(() => log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]))).ToList();
        log.Dispose();
        var outcomes = await Task.WhenAll(appends.Select(async a =>
        {
            try
            {
                await a;
                return null;
            }
            catch (ObjectDisposedException ex)
            {
                return ex;
            }
        }));

        using var reader = CreateLog();
        for (var i = 0; i < ids.Count; i++)
        {
            var read = await reader.ReadAsync(EntityType, ids[i], DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            if (outcomes[i] is null)
            {
                Assert.Single(read);
            }
            else
            {
                Assert.Contains("LocalDisk decision log", outcomes[i]!.Message, StringComparison.Ordinal);
                Assert.Empty(read);
            }
        }
    }

    private LocalDiskDecisionLog CreateLog(Action<LocalDiskDecisionLogOptions>? configure = null)
    {
        var options = new LocalDiskDecisionLogOptions { RootDirectory = _directory.Path };
        configure?.Invoke(options);
        return new LocalDiskDecisionLog(Options.Create(options), new ListLogger<LocalDiskDecisionLog>());
    }
}
