using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "Reminders")]
public sealed class LocalDiskReminderTableTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _directory = new("localdisk-reminders");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UpsertRow_ThenNewTableOnSameDirectory_ReadsTheReminderBack()
    {
        var grain = GrainId.Create("entity", "c1");
        await NewTable().UpsertRow(Entry(grain, "reactor-deadlines"));

        var reloaded = NewTable();
        await reloaded.StartAsync();
        var row = await reloaded.ReadRow(grain, "reactor-deadlines");

        Assert.NotNull(row);
        Assert.Equal((Start, TimeSpan.FromMinutes(1)), (row.StartAt, row.Period));
        Assert.Single((await reloaded.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task RemoveRow_WithStaleETag_KeepsTheRow_AndWithCurrentETag_RemovesItDurably()
    {
        var table = NewTable();
        var grain = GrainId.Create("entity", "c2");
        var first = await table.UpsertRow(Entry(grain, "r"));
        var second = await table.UpsertRow(Entry(grain, "r"));

        Assert.False(await table.RemoveRow(grain, "r", first!));
        Assert.True(await table.RemoveRow(grain, "r", second!));
        Assert.Null(await NewTable().ReadRow(grain, "r"));
    }

    [Fact]
    public async Task ReadRows_ByRange_ReturnsTheRowsWhoseHashFallsInside_AndEqualBoundsMeanAll()
    {
        var table = NewTable();
        var grains = Enumerable.Range(0, 20).Select(i => GrainId.Create("entity", "g" + i)).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r"));
        }

        var pivot = grains[0].GetUniformHashCode();
        var below = (await table.ReadRows(pivot, pivot - 1)).Reminders.Count;
        var above = (await table.ReadRows(pivot - 1, pivot)).Reminders.Count;

        Assert.Equal(20, (await table.ReadRows(7, 7)).Reminders.Count);
        Assert.Equal(20, below + above);
        Assert.Contains((await table.ReadRows(pivot - 1, pivot)).Reminders, r => r.GrainId == grains[0]);
    }

    [Fact]
    public async Task Concurrent_changes_are_written_together_and_each_completes_once_its_change_is_on_disk()
    {
        var table = NewTable();
        await table.StartAsync();
        var grains = Enumerable.Range(0, 500).Select(i => GrainId.Create("entity", $"c{i}")).ToList();

        var etags = await Task.WhenAll(grains.Select(g => Task.Run(() => table.UpsertRow(Entry(g, "reactor-deadlines")))));
        var removed = await Task.WhenAll(grains.Take(100).Select((g, i) => table.RemoveRow(g, "reactor-deadlines", etags[i]!)));

        Assert.All(removed, Assert.True);
        var reloaded = NewTable();
        await reloaded.StartAsync();
        Assert.Equal(400, (await reloaded.ReadRows(0, 0)).Reminders.Count);
        Assert.Null(await reloaded.ReadRow(grains[0], "reactor-deadlines"));
        Assert.NotNull(await reloaded.ReadRow(grains[^1], "reactor-deadlines"));
    }

    private static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = Start,
        Period = TimeSpan.FromMinutes(1),
    };

    private LocalDiskReminderTable NewTable() =>
        new(Options.Create(new LocalDiskReminderOptions { RootDirectory = _directory.Path, FlushToDisk = false }));
}
