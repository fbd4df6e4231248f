using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.TestInfrastructure.Persistence;
using Reactor.TestInfrastructure;
using Xunit;
using static Reactor.TestInfrastructure.Persistence.DecisionRecords;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "DecisionLog")]
public sealed class LocalDiskDecisionLogTests : DecisionLogContractTests, IDisposable
{
    private const string EntityType = "CustomerGrain";

    private readonly TempDirectory _directory;
    private readonly List<LocalDiskDecisionLog> _created;
    private readonly ListLogger<LocalDiskDecisionLog> _logger;

    public LocalDiskDecisionLogTests()
        : this(new TempDirectory("localdisk-decisions"), [], new ListLogger<LocalDiskDecisionLog>())
    {
    }

    private LocalDiskDecisionLogTests(TempDirectory directory, List<LocalDiskDecisionLog> created, ListLogger<LocalDiskDecisionLog> logger)
        : base(() => Track(created, CreateLogAt(directory.Path, logger)))
    {
        _directory = directory;
        _created = created;
        _logger = logger;
    }

    public void Dispose()
    {
        foreach (var log in _created)
        {
            log.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task AppendAsync_WritesOneJsonLinePerRecordInAShardedEntityFile()
    {
        var log = (LocalDiskDecisionLog)CreateLog();
        var id = NewEntityId();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0), Create(EntityType, id, 2, T0)]);

        var path = log.GetFilePath(EntityType, id);
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Equal(Path.Combine(_directory.Path, EntityType), Path.GetDirectoryName(Path.GetDirectoryName(path)));
        Assert.Equal(id + ".jsonl", Path.GetFileName(path));
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Equal(id, JsonDocument.Parse(line).RootElement.GetProperty("entityId").GetString()));
    }

    [Fact]
    public async Task ReadAsync_TornLastLine_IsSkippedWithAWarningNamingTheFile()
    {
        var log = (LocalDiskDecisionLog)CreateLog();
        var id = NewEntityId();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0), Create(EntityType, id, 2, T0.AddSeconds(1))]);
        var path = log.GetFilePath(EntityType, id);
        await File.AppendAllTextAsync(path, "{\"id\":\"CustomerGrain/x/hold-account/v2/payments/3/3\",\"entityTy");

        var read = await log.ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Equal([1L, 2L], read.Select(r => r.TriggerPosition.Offset));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(path, StringComparison.Ordinal) && e.Message.Contains("torn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_AfterATornLastLine_KeepsTheNewRecordsReadable()
    {
        var log = (LocalDiskDecisionLog)CreateLog();
        var id = NewEntityId();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);
        var path = log.GetFilePath(EntityType, id);
        await File.AppendAllTextAsync(path, "{\"id\":\"torn");

        await CreateLog().AppendAsync(EntityType, id, [Create(EntityType, id, 2, T0.AddSeconds(1))]);
        var read = await CreateLog().ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Equal([1L, 2L], read.Select(r => r.TriggerPosition.Offset));
        Assert.Equal(3, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Fact]
    public async Task ReadAsync_CompleteLastLineWithoutNewline_IsKept()
    {
        var log = (LocalDiskDecisionLog)CreateLog();
        var id = NewEntityId();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);
        var path = log.GetFilePath(EntityType, id);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^1]);

        var read = await log.ReadAsync(EntityType, id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Single(read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void GetFilePath_OddEntityIds_StayInsideTheRoot(string entityId)
    {
        var log = (LocalDiskDecisionLog)CreateLog();

        var path = log.GetFilePath(EntityType, entityId);

        Assert.StartsWith(_directory.Path + Path.DirectorySeparatorChar, Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.False(Path.GetFileName(path).StartsWith('.'));
        Assert.True(Encoding.UTF8.GetByteCount(Path.GetFileName(path)) <= 200);
    }

    [Fact]
    public void Constructor_WithoutRootDirectory_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            new LocalDiskDecisionLog(Options.Create(new LocalDiskDecisionLogOptions()), new ListLogger<LocalDiskDecisionLog>()));

        Assert.Contains("LocalDisk decision log", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RootDirectory", ex.Message, StringComparison.Ordinal);
    }

    private static LocalDiskDecisionLog CreateLogAt(string root, ILogger<LocalDiskDecisionLog> logger) =>
        new(Options.Create(new LocalDiskDecisionLogOptions { RootDirectory = root }), logger);

    private static LocalDiskDecisionLog Track(List<LocalDiskDecisionLog> created, LocalDiskDecisionLog log)
    {
        created.Add(log);
        return log;
    }
}
