using System.Text;
using System.Text.Json;
using Orleans.Configuration;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.TestInfrastructure.Persistence;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "GrainStorage")]
public sealed class LocalDiskGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<LocalDiskGrainStorage> _created;
    private readonly LocalDiskGrainStorage _storage;

    public LocalDiskGrainStorageTests()
        : this(new TempDirectory("localdisk-state"), [])
    {
    }

    private LocalDiskGrainStorageTests(TempDirectory directory, List<LocalDiskGrainStorage> created)
        : base(upgrades => Track(created, Create(directory.Path, upgrades: upgrades)))
    {
        _directory = directory;
        _created = created;
        _storage = (LocalDiskGrainStorage)CreateStorage();
    }

    public void Dispose()
    {
        foreach (var storage in _created)
        {
            storage.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task WriteState_StoresEnvelopeWithETagAndCamelCaseState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 3, Label = "gold" });

        await _storage.WriteStateAsync(StateName, grainId, state);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(_storage.GetFilePath(StateName, grainId)));
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal(state.ETag, root.GetProperty("etag").GetString());
        Assert.Equal(3, root.GetProperty("state").GetProperty("count").GetInt32());
        Assert.Equal("gold", root.GetProperty("state").GetProperty("label").GetString());
    }

    [Fact]
    public async Task GetFilePath_OddGrainKeys_MapToDistinctSafeFilesInsideTheRoot()
    {
        string[] keys =
        [
            "plain", "a/b", "a\\b", "a%2Fb", "%", "~", "..", ".", "", ".hidden", "../../etc/passwd", "ünïcødé 顧客 🚀",
            "CON", "nul.txt", "tab\there", "nul\0byte", new string('x', 1000), new string('x', 1001), new string('é', 400),
        ];
        var root = _storage.RootDirectory + Path.DirectorySeparatorChar;

        var paths = keys.Select(k => _storage.GetFilePath(StateName, CounterId(k))).ToList();

        Assert.Equal(keys.Length, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(paths, p =>
        {
            Assert.Equal(p, Path.GetFullPath(p));
            Assert.StartsWith(root, p, StringComparison.Ordinal);
            var name = Path.GetFileName(p);
            Assert.False(name.StartsWith('.'), name);
            Assert.True(Encoding.UTF8.GetByteCount(name) <= 200, name);
            Assert.Matches("^[A-Za-z0-9._%~-]+$", name);
        });

        for (var i = 0; i < keys.Length; i++)
        {
            await _storage.WriteStateAsync(StateName, CounterId(keys[i]), new GrainState<CounterState>(new CounterState { Count = i }));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var read = new GrainState<CounterState>();
            await CreateStorage().ReadStateAsync(StateName, CounterId(keys[i]), read);
            Assert.Equal(i, read.State!.Count);
        }

        Assert.All(Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories), f => Assert.StartsWith(root, f, StringComparison.Ordinal));
    }

    [Fact]
    public void GetFilePath_ShardsKeysIntoSubdirectories()
    {
        var shards = Enumerable.Range(0, 200)
            .Select(i => Path.GetFileName(Path.GetDirectoryName(_storage.GetFilePath(StateName, GrainId.Create("counter", $"k{i}"))))!)
            .ToList();

        Assert.All(shards, s => Assert.Matches("^[0-9a-f]{2}$", s));
        Assert.True(shards.Distinct().Count() > 50);
    }

    [Theory]
    [InlineData("{\"format\":1,\"etag\":\"abc\",\"state\":{\"count\":")]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"format\":2,\"etag\":\"abc\",\"state\":{}}")]
    [InlineData("{\"format\":1,\"state\":{}}")]
    [InlineData("[1,2,3]")]
    public async Task ReadState_UnreadableFile_ThrowsCorruptStateFileExceptionWithPathAndLeavesFileUntouched(string content)
    {
        var grainId = NewGrainId();
        var path = _storage.GetFilePath(StateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content);
        var state = new GrainState<CounterState>(new CounterState { Count = 8 }, "abc");

        var ex = await Assert.ThrowsAsync<CorruptStateFileException>(() => _storage.ReadStateAsync(StateName, grainId, state));
        var writeEx = await Assert.ThrowsAsync<CorruptStateFileException>(() => _storage.WriteStateAsync(StateName, grainId, state));
        await Assert.ThrowsAsync<CorruptStateFileException>(() => _storage.ClearStateAsync(StateName, grainId, state));

        Assert.Equal(path, ex.FilePath);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, writeEx.Message, StringComparison.Ordinal);
        Assert.Equal(8, state.State!.Count);
        Assert.Equal("abc", state.ETag);
        Assert.Equal(content, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task ReadState_StateOfTheWrongShape_ThrowsCorruptStateFileExceptionWithPathAndLeavesFileUntouched()
    {
        var grainId = NewGrainId();
        var path = _storage.GetFilePath(StateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        const string Content = "{\"format\":1,\"etag\":\"abc\",\"state\":{\"count\":\"many\"}}";
        await File.WriteAllTextAsync(path, Content);
        var state = new GrainState<CounterState>(new CounterState { Count = 8 });

        var ex = await Assert.ThrowsAsync<CorruptStateFileException>(() => _storage.ReadStateAsync(StateName, grainId, state));

        Assert.Equal(path, ex.FilePath);
        Assert.Contains(typeof(CounterState).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, state.State!.Count);
        Assert.Null(state.ETag);
        Assert.Equal(Content, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task ReadState_IgnoresTornTempFileNextToTheState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 5 });
        await _storage.WriteStateAsync(StateName, grainId, state);
        var path = _storage.GetFilePath(StateName, grainId);
        await File.WriteAllTextAsync(path + ".tmp", "{\"format\":1,\"etag\":\"x\",\"sta");

        var read = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grainId, read);

        Assert.Equal(5, read.State!.Count);
        Assert.Equal(state.ETag, read.ETag);

        read.State!.Count = 6;
        await _storage.WriteStateAsync(StateName, grainId, read);
        var reread = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, reread);

        Assert.Equal(6, reread.State!.Count);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task ReadState_WhenOnlyATornTempFileExists_ReturnsNoRecord()
    {
        var grainId = NewGrainId();
        var path = _storage.GetFilePath(StateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path + ".tmp", "{\"format\":1,\"etag\":\"x\",\"sta");

        var read = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grainId, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        await _storage.WriteStateAsync(StateName, grainId, read);

        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task WriteState_Repeatedly_KeepsThePreviousContentAsASpareThatReadsIgnore()
    {
        var grainId = NewGrainId();
        var path = _storage.GetFilePath(StateName, grainId);
        var state = new GrainState<CounterState>(new CounterState { Count = 1, Label = "a much longer label than the next ones" });
        await _storage.WriteStateAsync(StateName, grainId, state);
        var first = await File.ReadAllBytesAsync(path);
        state.State!.Count = 2;
        state.State.Label = "short";
        await _storage.WriteStateAsync(StateName, grainId, state);
        var second = await File.ReadAllBytesAsync(path);
        state.State.Count = 3;
        state.State.Label = "b";
        await _storage.WriteStateAsync(StateName, grainId, state);

        var read = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, read);

        Assert.Equal(3, read.State!.Count);
        Assert.Equal("b", read.State.Label);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(second, await File.ReadAllBytesAsync(path + DurableFile.SpareSuffix));
        Assert.NotEqual(first.Length, second.Length);
    }

    [Fact]
    public async Task ReadState_IgnoresTornSpareNextToTheState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 5 });
        await _storage.WriteStateAsync(StateName, grainId, state);
        var path = _storage.GetFilePath(StateName, grainId);
        await File.WriteAllTextAsync(path + DurableFile.SpareSuffix, "{\"format\":1,\"etag\":\"x\",\"sta");

        var read = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, read);
        read.State!.Count = 6;
        await _storage.WriteStateAsync(StateName, grainId, read);
        var reread = new GrainState<CounterState>();
        await CreateStorage().ReadStateAsync(StateName, grainId, reread);

        Assert.Equal(6, reread.State!.Count);
        Assert.Equal(read.ETag, reread.ETag);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClearState_RemovesThePreviousContent(bool deleteStateOnClear)
    {
        using var storage = Create(_directory.Path, deleteStateOnClear: deleteStateOnClear);
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);
        state.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(File.Exists(storage.GetFilePath(StateName, grainId) + DurableFile.SpareSuffix));
    }

    [Fact]
    public async Task ClearState_WithDeleteStateOnClear_DeletesTheFile()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await _storage.WriteStateAsync(StateName, grainId, state);

        await _storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(File.Exists(_storage.GetFilePath(StateName, grainId)));
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task ClearState_WithoutDeleteStateOnClear_KeepsAnEmptyRecordWithANewETag()
    {
        using var storage = Create(_directory.Path, deleteStateOnClear: false);
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);
        var written = state.ETag;

        await storage.ClearStateAsync(StateName, grainId, state);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);

        Assert.True(File.Exists(storage.GetFilePath(StateName, grainId)));
        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Count);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 9 })));
        read.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Storage_WhenAnotherProcessHoldsTheDirectory_FailsNamingTheDirectory()
    {
        using var other = new TempDirectory("localdisk-locked");
        await using var foreignLock = new FileStream(Path.Combine(other.Path, RootDirectoryLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using var storage = Create(other.Path);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            storage.ReadStateAsync(StateName, NewGrainId(), new GrainState<CounterState>()));

        Assert.Contains(other.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("another process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithoutRootDirectory_ThrowsNamingProviderAndProperty()
    {
        var ex = Assert.Throws<OrleansConfigurationException>(() =>
            new LocalDiskGrainStorage("disk", new LocalDiskGrainStorageOptions(), Activators.Provider, new ListLogger<LocalDiskGrainStorage>()));

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RootDirectory", ex.Message, StringComparison.Ordinal);
    }

    protected override Task CorruptStoredDocumentAsync(string stateName, GrainId grainId)
    {
        var path = _storage.GetFilePath(stateName, grainId);
        var content = File.ReadAllBytes(path);
        return File.WriteAllBytesAsync(path, content[..(content.Length / 2)]);
    }

    protected override string GetDocumentLocation(string stateName, GrainId grainId) => _storage.GetFilePath(stateName, grainId);

    // GrainId.Create rejects empty keys, but a GrainId built from raw bytes can carry one; the store must cope.
    private static GrainId CounterId(string key) => GrainId.Create(GrainType.Create("counter"), IdSpan.Create(key));

    private static LocalDiskGrainStorage Create(string root, bool deleteStateOnClear = true, StateSchemaUpgrades? upgrades = null) =>
        new(
            "disk",
            new LocalDiskGrainStorageOptions { RootDirectory = root, DeleteStateOnClear = deleteStateOnClear, SchemaUpgrades = upgrades ?? new() },
            Activators.Provider,
            new ListLogger<LocalDiskGrainStorage>());

    private static LocalDiskGrainStorage Track(List<LocalDiskGrainStorage> created, LocalDiskGrainStorage storage)
    {
        created.Add(storage);
        return storage;
    }
}
