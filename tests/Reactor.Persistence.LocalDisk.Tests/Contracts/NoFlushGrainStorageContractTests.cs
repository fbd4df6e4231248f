using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.TestInfrastructure.Persistence;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests.Contracts;

/// <summary>Runs the whole grain storage contract with <c>FlushToDisk = false</c> and a single I/O thread.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "GrainStorage")]
public sealed class NoFlushGrainStorageContractTests : GrainStorageContractTests, IDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<LocalDiskGrainStorage> _created;

    public NoFlushGrainStorageContractTests()
        : this(new TempDirectory("localdisk-noflush"), [])
    {
    }

    private NoFlushGrainStorageContractTests(TempDirectory directory, List<LocalDiskGrainStorage> created)
        : base(upgrades => Track(created, Create(directory.Path, upgrades)))
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
    }

    protected override Task CorruptStoredDocumentAsync(string stateName, GrainId grainId)
    {
        var path = GetDocumentLocation(stateName, grainId);
        var content = File.ReadAllBytes(path);
        return File.WriteAllBytesAsync(path, content[..(content.Length / 2)]);
    }

    protected override string GetDocumentLocation(string stateName, GrainId grainId) =>
        ((LocalDiskGrainStorage)CreateStorage()).GetFilePath(stateName, grainId);

    private static LocalDiskGrainStorage Create(string root, StateSchemaUpgrades upgrades) =>
        new("disk", new LocalDiskGrainStorageOptions { RootDirectory = root, FlushToDisk = false, IoThreads = 1, SchemaUpgrades = upgrades }, Activators.Provider, new ListLogger<LocalDiskGrainStorage>());

    private static LocalDiskGrainStorage Track(List<LocalDiskGrainStorage> created, LocalDiskGrainStorage storage)
    {
        created.Add(storage);
        return storage;
    }
}
