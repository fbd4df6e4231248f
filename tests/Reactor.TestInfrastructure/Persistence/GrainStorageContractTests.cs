using Orleans.Storage;
using Reactor.Runtime.Persistence;
using Xunit;

namespace Reactor.TestInfrastructure.Persistence;

/// <summary>
/// The behaviour every Reactor grain storage must show (local disk and Azure Blob): not-found is
/// not an error, ETags are enforced on write and clear, two activations never silently overwrite each
/// other, and an unreadable document is reported, never replaced by a default.
/// </summary>
/// <remarks>
/// A derived class supplies a factory taking the provider's schema upgrades; every call must return a new provider
/// instance over the same store, so tests can check that what one instance wrote another reads.
/// </remarks>
public abstract class GrainStorageContractTests
{
    protected const string StateName = "state";

    private readonly Func<StateSchemaUpgrades, IGrainStorage> _createStorage;

    protected GrainStorageContractTests(Func<StateSchemaUpgrades, IGrainStorage> createStorage)
    {
        _createStorage = createStorage;
    }

    protected static GrainId NewGrainId(string? key = null) =>
        GrainId.Create("counter", key ?? $"entity-{Guid.NewGuid():N}");

    protected IGrainStorage CreateStorage() => _createStorage(new StateSchemaUpgrades());

    protected IGrainStorage CreateStorage(StateSchemaUpgrades upgrades) => _createStorage(upgrades);

    /// <summary>Damages the stored document of a grain (for example truncates it) so it cannot be parsed.</summary>
    protected abstract Task CorruptStoredDocumentAsync(string stateName, GrainId grainId);

    /// <summary>Returns the name under which the store reports the grain's document (a file path, a blob name).</summary>
    protected abstract string GetDocumentLocation(string stateName, GrainId grainId);

    [Fact]
    public async Task ReadState_WhenNothingStored_ReturnsDefaultStateWithoutETag()
    {
        var storage = CreateStorage();
        var state = new GrainState<CounterState>(new CounterState { Count = 42 }, "stale");

        await storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteState_ThenReadState_RoundTripsStateAndETag()
    {
        var grainId = NewGrainId();
        var written = new GrainState<CounterState>(new CounterState { Count = 3, Label = "gold", Items = ["a", "b"] });

        await CreateStorage().WriteStateAsync(StateName, grainId, written);
        var read = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, read);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(3, read.State!.Count);
        Assert.Equal("gold", read.State!.Label);
        Assert.Equal(["a", "b"], read.State!.Items);
    }

    [Fact]
    public async Task WriteState_Twice_ChangesETag()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });

        await storage.WriteStateAsync(StateName, grainId, state);
        var first = state.ETag;
        state.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grainId, state);

        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task WriteState_WithStaleETag_ThrowsInconsistentStateException()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);
        var staleETag = state.ETag;
        state.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grainId, state);
        var storedETag = state.ETag;

        var stale = new GrainState<CounterState>(new CounterState { Count = 99 }, staleETag);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(storedETag, ex.StoredEtag);
        Assert.Equal(staleETag, ex.CurrentEtag);
        Assert.Equal(staleETag, stale.ETag);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(2, read.State!.Count);
    }

    [Fact]
    public async Task WriteState_WithNullETag_WhenRecordExists_ThrowsInconsistentStateException()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, first);

        var second = new GrainState<CounterState>(new CounterState { Count = 2 });
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));

        Assert.Equal(first.ETag, ex.StoredEtag);
        Assert.Null(second.ETag);
    }

    [Fact]
    public async Task WriteState_WithETag_WhenNothingStored_ThrowsInconsistentStateException()
    {
        var state = new GrainState<CounterState>(new CounterState { Count = 1 }, "0123456789abcdef0123456789abcdef");

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => CreateStorage().WriteStateAsync(StateName, NewGrainId(), state));

        Assert.Equal("0123456789abcdef0123456789abcdef", ex.CurrentEtag);
    }

    [Fact]
    public async Task WriteState_TwoActivationsWithSameETagInParallel_ExactlyOneWins()
    {
        for (var round = 0; round < 10; round++)
        {
            var grainId = NewGrainId();
            var initial = new GrainState<CounterState>(new CounterState());
            await CreateStorage().WriteStateAsync(StateName, grainId, initial);

            // Each "activation" has its own provider instance, as two silos sharing a store would.
            var activations = Enumerable.Range(1, 4)
                .Select(i => (Storage: CreateStorage(), State: new GrainState<CounterState>(new CounterState { Count = i }, initial.ETag)))
                .ToList();
            var results = await Task.WhenAll(activations.Select(a => Task.Run(async () =>
            {
                try
                {
                    await a.Storage.WriteStateAsync(StateName, grainId, a.State);
                    return (Exception?)null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            })));

            Assert.Single(results, r => r is null);
            Assert.All(results.Where(r => r is not null), r => Assert.IsType<InconsistentStateException>(r));
            var winner = activations[Array.IndexOf(results, null)];
            var read = new GrainState<CounterState>();
            await CreateStorage().ReadStateAsync(StateName, grainId, read);
            Assert.Equal(winner.State.State!.Count, read.State!.Count);
            Assert.Equal(winner.State.ETag, read.ETag);
        }
    }

    [Fact]
    public async Task ClearState_ThenReadState_ReturnsDefaultWithoutRecord()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 5 });
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);
        var read = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, read);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Count);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Count);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearState_WithStaleETag_ThrowsInconsistentStateException()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);
        var staleETag = state.ETag;
        await storage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<CounterState>(new CounterState(), staleETag);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(state.ETag, ex.StoredEtag);
        Assert.Equal(staleETag, ex.CurrentEtag);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task WriteState_AfterAnotherActivationClearedAndRecreated_ThrowsInconsistentStateException()
    {
        var grainId = NewGrainId();
        var a = new GrainState<CounterState>(new CounterState { Count = 1 });
        await CreateStorage().WriteStateAsync(StateName, grainId, a);
        var b = new GrainState<CounterState>(new CounterState(), a.ETag);
        var storageB = CreateStorage();

        await storageB.ClearStateAsync(StateName, grainId, b);
        b.State!.Count = 7;
        await storageB.WriteStateAsync(StateName, grainId, b);

        a.State!.Count = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => CreateStorage().WriteStateAsync(StateName, grainId, a));
        var read = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, read);
        Assert.Equal(7, read.State!.Count);
    }

    [Fact]
    public async Task ReadState_WhenDocumentIsCorrupt_ThrowsNamingTheDocumentAndLeavesStateAsItWas()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var written = new GrainState<CounterState>(new CounterState { Count = 4 });
        await storage.WriteStateAsync(StateName, grainId, written);
        await CorruptStoredDocumentAsync(StateName, grainId);
        var inMemory = new CounterState { Count = 4 };
        var state = new GrainState<CounterState>(inMemory, written.ETag) { RecordExists = true };

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync(StateName, grainId, state));

        Assert.Contains(GetDocumentLocation(StateName, grainId), ex.Message, StringComparison.Ordinal);
        Assert.Same(inMemory, state.State);
        Assert.Equal(written.ETag, state.ETag);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task WriteState_WhenDocumentIsCorrupt_ThrowsAndDoesNotReplaceIt()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var written = new GrainState<CounterState>(new CounterState { Count = 4 });
        await storage.WriteStateAsync(StateName, grainId, written);
        await CorruptStoredDocumentAsync(StateName, grainId);

        var fresh = new GrainState<CounterState>(new CounterState { Count = 0 });
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync(StateName, grainId, fresh));

        Assert.Contains(GetDocumentLocation(StateName, grainId), ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync(StateName, grainId, new GrainState<CounterState>()));
    }

    [Fact]
    public async Task WriteState_WithCanceledToken_StoresNothing()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 1 }), cancellation.Token));

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task StateNamesAndGrainTypes_AreStoredSeparately()
    {
        var storage = CreateStorage();
        var key = $"entity-{Guid.NewGuid():N}";
        await storage.WriteStateAsync("a", GrainId.Create("counter", key), new GrainState<CounterState>(new CounterState { Count = 1 }));
        await storage.WriteStateAsync("b", GrainId.Create("counter", key), new GrainState<CounterState>(new CounterState { Count = 2 }));
        await storage.WriteStateAsync("a", GrainId.Create("other", key), new GrainState<CounterState>(new CounterState { Count = 3 }));

        var counts = new List<int>();
        foreach (var (name, type) in new[] { ("a", "counter"), ("b", "counter"), ("a", "other") })
        {
            var read = new GrainState<CounterState>();
            await storage.ReadStateAsync(name, GrainId.Create(type, key), read);
            counts.Add(read.State!.Count);
        }

        Assert.Equal([1, 2, 3], counts);
    }

    [Fact]
    public async Task ReadState_OlderSchemaVersion_RunsTheRegisteredUpgradeOnce()
    {
        var grainId = NewGrainId();
        await CreateStorage().WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 3, Label = "gold" }));
        var upgradedFrom = new List<int>();

        // Version 2 of the state counts in halves and keeps labels upper case.
        var upgrades = new StateSchemaUpgrades().Register<CounterState>(2, (state, fromVersion) =>
        {
            upgradedFrom.Add(fromVersion);
            var node = state!.AsObject();
            node["count"] = node["count"]!.GetValue<int>() * 2;
            node["label"] = node["label"]!.GetValue<string>().ToUpperInvariant();
            return node;
        });
        var storage = CreateStorage(upgrades);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        await storage.WriteStateAsync(StateName, grainId, read);
        var reread = new GrainState<CounterState>();
        await CreateStorage(upgrades).ReadStateAsync(StateName, grainId, reread);

        Assert.Equal([1], upgradedFrom);
        Assert.True(read.RecordExists);
        Assert.Equal(6, read.State!.Count);
        Assert.Equal("GOLD", read.State!.Label);
        Assert.Equal(6, reread.State!.Count);
    }

    [Fact]
    public async Task ReadState_NewerSchemaVersion_ThrowsNamingTheDocumentAndLeavesItUntouched()
    {
        var grainId = NewGrainId();
        var upgrades = new StateSchemaUpgrades().Register<CounterState>(3, static (state, _) => state);
        var written = new GrainState<CounterState>(new CounterState { Count = 5 });
        await CreateStorage(upgrades).WriteStateAsync(StateName, grainId, written);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CreateStorage().ReadStateAsync(StateName, grainId, new GrainState<CounterState>()));

        Assert.Contains(GetDocumentLocation(StateName, grainId), ex.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 3", ex.Message, StringComparison.Ordinal);
        var read = new GrainState<CounterState>();
        await CreateStorage(upgrades).ReadStateAsync(StateName, grainId, read);
        Assert.Equal(5, read.State!.Count);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task ReadState_WhenUpgradeFails_ThrowsNamingTheDocument()
    {
        var grainId = NewGrainId();
        await CreateStorage().WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 1 }));
        var upgrades = new StateSchemaUpgrades().Register<CounterState>(2, static (_, _) => throw new InvalidOperationException("no path from 1"));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CreateStorage(upgrades).ReadStateAsync(StateName, grainId, new GrainState<CounterState>()));

        Assert.Contains(GetDocumentLocation(StateName, grainId), ex.Message, StringComparison.Ordinal);
        Assert.Contains("no path from 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteState_OfASerializedState_StoresTheStateItHolds_AndKeepsTheETagChain()
    {
        var grainId = NewGrainId();
        // Version 2 is current; an upgrade from 1 would throw, so the read shows the document records version 2.
        var storage = CreateStorage(new StateSchemaUpgrades().Register<CounterState>(2, static (_, _) => throw new InvalidOperationException("the document was recorded at version 1")));
        Assert.IsAssignableFrom<IStateDocumentStorage>(storage);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new CounterState { Count = 7, Label = "raw", Items = ["x"] }, Reactor.Abstractions.ReactorJson.Options);
        var serialized = new GrainState<SerializedState>(new SerializedState(json, typeof(CounterState), Reactor.Abstractions.ReactorJson.Options));

        await storage.WriteStateAsync(StateName, grainId, serialized);

        // Read as the state type, with the version of that type (no upgrade runs on it).
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal((7, "raw"), (read.State!.Count, read.State.Label));
        Assert.Equal(["x"], read.State.Items);
        Assert.Equal(serialized.ETag, read.ETag);
        Assert.True(serialized.RecordExists);

        // The ETag it returned is the one the next write of the state object presents, and a stale one is refused.
        var next = new GrainState<CounterState>(new CounterState { Count = 8 }, serialized.ETag);
        await storage.WriteStateAsync(StateName, grainId, next);
        serialized.State = new SerializedState(json, typeof(CounterState), Reactor.Abstractions.ReactorJson.Options);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, serialized));
    }
}
