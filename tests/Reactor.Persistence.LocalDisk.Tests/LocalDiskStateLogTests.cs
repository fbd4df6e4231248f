using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Providers.Log;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure;
using Reactor.TestInfrastructure.Persistence;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.Persistence.LocalDisk.Tests;

/// <summary>The state log layout (<see cref="LocalDiskLayout.Log"/>) beyond the shared contract: restarts, torn tails, damage, group commit and compaction.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "GrainStorage")]
public sealed class LocalDiskStateLogTests(ITestOutputHelper output) : IDisposable
{
    private const string StateName = "state";

    private readonly TempDirectory _directory = new("statelog");
    private readonly List<LocalDiskGrainStorage> _created = [];

    public void Dispose()
    {
        foreach (var storage in _created)
        {
            storage.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Reopen_AfterManyWritesAndClears_ReadsEveryGrainWithItsETag()
    {
        var storage = Create();
        var grains = Enumerable.Range(0, 300).Select(i => (Id: Counter($"reopen-{i}"), State: new GrainState<CounterState>(new CounterState { Count = i }))).ToList();
        await Task.WhenAll(grains.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));
        foreach (var (id, state) in grains.Where((_, i) => i % 3 == 0))
        {
            state.State!.Count += 1000;
            await storage.WriteStateAsync(StateName, id, state);
        }

        foreach (var (id, state) in grains.Where((_, i) => i % 10 == 1))
        {
            await storage.ClearStateAsync(StateName, id, state);
        }

        storage.Dispose();
        var reopened = Create();

        for (var i = 0; i < grains.Count; i++)
        {
            var (id, written) = grains[i];
            var read = new GrainState<CounterState>();
            await reopened.ReadStateAsync(StateName, id, read);
            Assert.Equal(written.ETag, read.ETag);
            Assert.Equal(i % 10 != 1, read.RecordExists);
            Assert.Equal(i % 10 == 1 ? 0 : i % 3 == 0 ? i + 1000 : i, read.State!.Count);
        }
    }

    [Fact]
    public async Task Reopen_TornTailOfLastSegment_IsTruncatedWithAWarningAndLaterWritesWork()
    {
        var storage = Create();
        var grains = Enumerable.Range(0, 50).Select(i => (Id: Counter($"torn-{i}"), State: new GrainState<CounterState>(new CounterState { Count = i }))).ToList();
        foreach (var (id, state) in grains)
        {
            await storage.WriteStateAsync(StateName, id, state);
        }

        var segment = storage.StateLog!.SegmentPath(storage.StateLog.ActiveSegmentId);
        storage.Dispose();
        var intactLength = new FileInfo(segment).Length;
        var torn = StateLogRecord.EncodeDocument(new StateLogKey(StateName, Counter("torn-late")), StateFile.NewETag(), "{\"format\":1}"u8);
        await using (var stream = new FileStream(segment, FileMode.Append, FileAccess.Write))
        {
            stream.Write(torn.AsSpan(0, torn.Length - 5));
            stream.Write([0xde, 0xad, 0xbe, 0xef, 0x00, 0x17]);
        }

        var logger = new ListLogger<LocalDiskGrainStorage>();
        var reopened = Create(logger: logger);
        var late = new GrainState<CounterState>(new CounterState { Count = 99 });
        await reopened.WriteStateAsync(StateName, Counter("after-torn"), late);

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(segment, warning.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {intactLength}", warning.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("scanned 50 records", StringComparison.Ordinal));
        foreach (var (id, written) in grains)
        {
            var read = new GrainState<CounterState>();
            await reopened.ReadStateAsync(StateName, id, read);
            Assert.Equal(written.ETag, read.ETag);
            Assert.Equal(written.State!.Count, read.State!.Count);
        }

        var missing = new GrainState<CounterState>();
        await reopened.ReadStateAsync(StateName, Counter("torn-late"), missing);
        Assert.False(missing.RecordExists);
        reopened.Dispose();
        var third = Create();
        var afterTorn = new GrainState<CounterState>();
        await third.ReadStateAsync(StateName, Counter("after-torn"), afterTorn);
        Assert.Equal(99, afterTorn.State!.Count);
        Assert.Equal(late.ETag, afterTorn.ETag);
    }

    [Fact]
    public async Task Reopen_DamagedRecordInAnOlderSegment_FailsReadsOfThatGrainNamingSegmentAndOffset()
    {
        var storage = Create(o => o.SegmentBytes = LocalDiskGrainStorageOptionsValidator.MinSegmentBytes);
        var padding = new string('p', 2000);
        var victim = Counter("victim");
        await storage.WriteStateAsync(StateName, victim, new GrainState<CounterState>(new CounterState { Count = 7, Label = padding }));
        var written = 1;
        while (storage.StateLog!.ActiveSegmentId < 2)
        {
            await storage.WriteStateAsync(StateName, Counter($"filler-{written++}"), new GrainState<CounterState>(new CounterState { Count = written, Label = padding }));
        }

        var (segment, offset, _) = StateLogDamage.Locate(storage, StateName, victim);
        StateLogDamage.FlipLastPayloadByte(storage, StateName, victim);
        storage.Dispose();
        var logger = new ListLogger<LocalDiskGrainStorage>();
        var reopened = Create(o => o.SegmentBytes = LocalDiskGrainStorageOptionsValidator.MinSegmentBytes, logger);

        var ex = await Assert.ThrowsAsync<CorruptStateFileException>(() => reopened.ReadStateAsync(StateName, victim, new GrainState<CounterState>()));
        var write = await Assert.ThrowsAsync<CorruptStateFileException>(() => reopened.WriteStateAsync(StateName, victim, new GrainState<CounterState>(new CounterState())));

        Assert.Equal(segment, ex.FilePath);
        Assert.Contains($"offset {offset} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(segment, write.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(segment, StringComparison.Ordinal) && e.Message.Contains("victim", StringComparison.Ordinal));
        var filler = new GrainState<CounterState>();
        await reopened.ReadStateAsync(StateName, Counter("filler-1"), filler);
        Assert.Equal(2, filler.State!.Count);
    }

    [Fact]
    public async Task GroupCommit_ManyConcurrentWrites_AllCompleteWithFarFewerSyncsThanWrites()
    {
        const int Writes = 2000;
        var storage = Create(o => o.FlushToDisk = true);
        var log = storage.StateLog!;
        var syncsBefore = log.Counters.Syncs;
        var writerThread = log.WriterThread;
        var grains = Enumerable.Range(0, Writes).Select(i => (Id: Counter($"group-{i}"), State: new GrainState<CounterState>(new CounterState { Count = i }))).ToList();

        var continuedOn = await Task.WhenAll(grains.Select(async g =>
        {
            await storage.WriteStateAsync(StateName, g.Id, g.State);
            return Environment.CurrentManagedThreadId;
        }));

        var syncs = log.Counters.Syncs - syncsBefore;
        output.WriteLine($"{Writes} concurrent writes: {syncs} syncs, {log.Counters.Batches} batches");
        Assert.All(grains, g => Assert.NotNull(g.State.ETag));
        Assert.True(syncs >= 1, "the writes were flushed at least once");
        Assert.True(syncs < Writes / 4, $"{Writes} concurrent writes took {syncs} syncs");
        Assert.DoesNotContain(writerThread.ManagedThreadId, continuedOn);
        var read = new GrainState<CounterState>();
        await Create().ReadStateAsync(StateName, grains[^1].Id, read);
        Assert.Equal(Writes - 1, read.State!.Count);
    }

    [Fact]
    public async Task Compaction_OverwrittenGrains_DeletesOldSegmentsAndKeepsTheNewestStates()
    {
        static void Small(LocalDiskGrainStorageOptions o)
        {
            o.SegmentBytes = LocalDiskGrainStorageOptionsValidator.MinSegmentBytes;
            o.FlushToDisk = false;
        }

        var storage = Create(Small);
        var log = storage.StateLog!;
        var padding = new string('c', 1000);
        var grains = Enumerable.Range(0, 100).Select(i => (Id: Counter($"compact-{i}"), State: new GrainState<CounterState>(new CounterState { Label = padding }))).ToList();
        var doomed = Enumerable.Range(0, 20).Select(i => (Id: Counter($"doomed-{i}"), State: new GrainState<CounterState>(new CounterState { Count = 1 }))).ToList();
        await Task.WhenAll(doomed.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));

        // Keep writing while compaction runs, so copies race grain writes; the writes must win.
        var round = 0;
        while (log.Counters.SegmentsDeleted < 3 || round < 30)
        {
            round++;
            foreach (var (_, state) in grains)
            {
                state.State!.Count = round;
            }

            await Task.WhenAll(grains.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));
            if (round == 10)
            {
                await Task.WhenAll(doomed.Select(g => storage.ClearStateAsync(StateName, g.Id, g.State)));
            }

            Assert.True(round < 2000, "compaction deleted no segment");
        }

        await Eventually.Until(
            "compaction to leave at most 3 segments",
            () => log.Segments.Count <= 3,
            TimeSpan.FromSeconds(20));

        Assert.Equal(log.Segments.Count, Directory.GetFiles(log.Directory, "*.seg").Length);
        output.WriteLine($"{round} rounds of {grains.Count} writes: active segment {log.ActiveSegmentId}, {log.Counters.SegmentsDeleted} segments deleted, {log.Segments.Count} left");
        await AssertNewestAsync(storage);
        storage.Dispose();
        await AssertNewestAsync(Create(Small));

        async Task AssertNewestAsync(IGrainStorage reader)
        {
            foreach (var (id, written) in grains)
            {
                var read = new GrainState<CounterState>();
                await reader.ReadStateAsync(StateName, id, read);
                Assert.Equal(round, read.State!.Count);
                Assert.Equal(written.ETag, read.ETag);
            }

            foreach (var (id, _) in doomed)
            {
                var read = new GrainState<CounterState>();
                await reader.ReadStateAsync(StateName, id, read);
                Assert.False(read.RecordExists, $"{id} was cleared");
            }
        }
    }

    [Fact]
    public async Task Compaction_RecordsDamagedAfterStartUp_MovesTheIntactLiveRecordsAndKeepsTheSegmentOfADamagedLiveOne()
    {
        var logger = new ListLogger<LocalDiskGrainStorage>();
        var storage = Create(
            o =>
            {
                o.SegmentBytes = LocalDiskGrainStorageOptionsValidator.MinSegmentBytes;
                o.FlushToDisk = false;
            },
            logger);
        var log = storage.StateLog!;
        var padding = new string('d', 1000);
        var (liveDamaged, overwritten, keeper) = (Counter("live-damaged"), Counter("overwritten"), Counter("keeper"));
        var overwrittenState = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, overwritten, overwrittenState);
        var (_, deadOffset, deadLength) = StateLogDamage.Locate(storage, StateName, overwritten);
        var keeperState = new GrainState<CounterState>(new CounterState { Count = 3 });
        await storage.WriteStateAsync(StateName, keeper, keeperState);
        await storage.WriteStateAsync(StateName, liveDamaged, new GrainState<CounterState>(new CounterState { Count = 1 }));
        overwrittenState.State!.Count = 2;
        await storage.WriteStateAsync(StateName, overwritten, overwrittenState);
        StateLogDamage.FlipLastPayloadByte(storage, StateName, liveDamaged);
        StateLogDamage.FlipByte(log.SegmentPath(1), deadOffset + deadLength - 1);

        var filler = Enumerable.Range(0, 100).Select(i => (Id: Counter($"fill-{i}"), State: new GrainState<CounterState>(new CounterState { Label = padding }))).ToList();
        for (var round = 0; !(log.Segments.TryGetValue(1, out var first) && first.IsDamaged && log.Counters.SegmentsDeleted >= 2); round++)
        {
            Assert.True(round < 2000, "compaction never reached the first segment");
            await Task.WhenAll(filler.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));
        }

        var ex = await Assert.ThrowsAsync<CorruptStateFileException>(() => storage.ReadStateAsync(StateName, liveDamaged, new GrainState<CounterState>()));
        Assert.Equal(log.SegmentPath(1), ex.FilePath);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, overwritten, read);
        Assert.Equal(2, read.State!.Count);
        await storage.ReadStateAsync(StateName, keeper, read);
        Assert.Equal(3, read.State!.Count);
        Assert.Equal(keeperState.ETag, read.ETag);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"offset {deadOffset} ", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("live bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompactionCopy_OfARecordOverwrittenMeanwhile_IsSupersededAndTheWriteWins()
    {
        var storage = Create();
        var log = storage.StateLog!;
        var id = Counter("raced");
        var key = new StateLogKey(StateName, id);
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, id, state);
        Assert.True(log.TryRead(key, out var first, out var firstRecord));

        state.State!.Count = 2;
        var write = storage.WriteStateAsync(StateName, id, state);
        var copy = log.AppendAsync(StateLogAppend.Copy(key, firstRecord, first), "test", CancellationToken.None);
        await write;
        var outcome = await copy;

        Assert.Equal(StateLogAppendOutcome.Superseded, outcome.Outcome);
        var read = new GrainState<CounterState>();
        await Create().ReadStateAsync(StateName, id, read);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteState_OfASerializedStateTheWriterCannotEncode_FailsThatWriteAloneAndKeepsTheStoredState()
    {
        var storage = Create();
        var id = Counter("unwritable");
        var stored = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, id, stored);

        // Serialized with other settings than the storage's, so the writer reads it back to re-serialize it, and cannot.
        var otherSettings = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var unwritable = new GrainState<SerializedState>(new SerializedState("{\"count\":"u8.ToArray(), typeof(CounterState), otherSettings))
        {
            ETag = stored.ETag,
            RecordExists = true,
        };
        var neighbour = new GrainState<CounterState>(new CounterState { Count = 7 });
        var failing = storage.WriteStateAsync(StateName, id, unwritable);
        var alongside = storage.WriteStateAsync(StateName, Counter("alongside"), neighbour);

        await Assert.ThrowsAnyAsync<JsonException>(() => failing);
        await alongside;
        Assert.Equal(stored.ETag, unwritable.ETag);

        stored.State!.Count = 2;
        await storage.WriteStateAsync(StateName, id, stored);
        storage.Dispose();
        var reopened = Create();
        var read = new GrainState<CounterState>();
        await reopened.ReadStateAsync(StateName, id, read);
        var readNeighbour = new GrainState<CounterState>();
        await reopened.ReadStateAsync(StateName, Counter("alongside"), readNeighbour);

        Assert.Equal(2, read.State!.Count);
        Assert.Equal(stored.ETag, read.ETag);
        Assert.Equal(7, readNeighbour.State!.Count);
    }

    [Fact]
    public async Task WriteState_AfterDispose_ThrowsObjectDisposedNamingTheProvider()
    {
        var storage = Create();
        await storage.WriteStateAsync(StateName, Counter("before"), new GrainState<CounterState>(new CounterState()));
        storage.Dispose();

        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(StateName, Counter("after"), new GrainState<CounterState>(new CounterState())));

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1024L * 1024 - 1)]
    public void Constructor_SegmentBytesBelowOneMebibyte_ThrowsNamingProviderAndProperty(long segmentBytes)
    {
        var ex = Assert.Throws<OrleansConfigurationException>(() => Create(o => o.SegmentBytes = segmentBytes));

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskGrainStorageOptions.SegmentBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLocalDiskGrainStorage_SegmentBytesTooSmall_FailsSiloValidationNamingProviderAndProperty()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskGrainStorage("disk", o =>
        {
            o.RootDirectory = _directory.Path;
            o.Layout = LocalDiskLayout.Log;
            o.SegmentBytes = 4096;
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
        Assert.Contains("LocalDiskGrainStorageOptions.SegmentBytes is 4096", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BoundFromConfiguration_ReadLayoutAndSegmentBytes()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Reactor:Storage:LocalDisk:RootDirectory"] = _directory.Path,
                ["Reactor:Storage:LocalDisk:Layout"] = "Log",
                ["Reactor:Storage:LocalDisk:SegmentBytes"] = "8388608",
            })
            .Build();
        var options = new LocalDiskGrainStorageOptions();

        configuration.GetSection("Reactor:Storage:LocalDisk").Bind(options);

        Assert.Equal(LocalDiskLayout.Log, options.Layout);
        Assert.Equal(8L * 1024 * 1024, options.SegmentBytes);
        Assert.Equal(LocalDiskLayout.FilePerGrain, new LocalDiskGrainStorageOptions().Layout);
    }

    [Fact]
    public void Crc32C_MatchesTheCastagnoliCheckValue() =>
        Assert.Equal(0xE3069283u, StateLogRecord.Crc32C("123456789"u8));

    private static GrainId Counter(string key) => GrainId.Create("counter", key);

    private LocalDiskGrainStorage Create(Action<LocalDiskGrainStorageOptions>? configure = null, ListLogger<LocalDiskGrainStorage>? logger = null)
    {
        var options = new LocalDiskGrainStorageOptions { RootDirectory = _directory.Path, Layout = LocalDiskLayout.Log };
        configure?.Invoke(options);
        var storage = new LocalDiskGrainStorage("disk", options, Activators.Provider, logger ?? new ListLogger<LocalDiskGrainStorage>());
        _created.Add(storage);
        return storage;
    }
}
