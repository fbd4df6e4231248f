using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure;
using Reactor.TestInfrastructure.Persistence;

namespace Reactor.Persistence.LocalDisk.Tests.Contracts;

/// <summary>
/// Runs the whole grain storage contract against <see cref="LocalDiskLayout.Log"/>: every provider instance the suite
/// creates shares the directory's one state log.
/// </summary>
public abstract class StateLogGrainStorageContractTests : GrainStorageContractTests, IDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<LocalDiskGrainStorage> _created;

    protected StateLogGrainStorageContractTests(bool flushToDisk)
        : this(new TempDirectory(flushToDisk ? "statelog" : "statelog-noflush"), [], flushToDisk)
    {
    }

    private StateLogGrainStorageContractTests(TempDirectory directory, List<LocalDiskGrainStorage> created, bool flushToDisk)
        : base(upgrades => Track(created, Create(directory.Path, flushToDisk, upgrades)))
    {
        _directory = directory;
        _created = created;
    }

    public void Dispose()
    {
        foreach (var storage in _created)
        {
            storage.Dispose();
        }

        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override Task CorruptStoredDocumentAsync(string stateName, GrainId grainId)
    {
        StateLogDamage.FlipLastPayloadByte(StartedStorage(), stateName, grainId);
        return Task.CompletedTask;
    }

    protected override string GetDocumentLocation(string stateName, GrainId grainId) =>
        StateLogDamage.Locate(StartedStorage(), stateName, grainId).SegmentPath;

    private static LocalDiskGrainStorage Create(string root, bool flushToDisk, StateSchemaUpgrades upgrades) =>
        new("disk", new LocalDiskGrainStorageOptions { RootDirectory = root, Layout = LocalDiskLayout.Log, FlushToDisk = flushToDisk, SchemaUpgrades = upgrades }, Activators.Provider, new ListLogger<LocalDiskGrainStorage>());

    private static LocalDiskGrainStorage Track(List<LocalDiskGrainStorage> created, LocalDiskGrainStorage storage)
    {
        created.Add(storage);
        return storage;
    }

    private LocalDiskGrainStorage StartedStorage() => (LocalDiskGrainStorage)CreateStorage();
}
