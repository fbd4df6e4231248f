using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Xunit;
using static Reactor.TestInfrastructure.Persistence.DecisionRecords;

namespace Reactor.TestInfrastructure.Persistence;

/// <summary>
/// The behaviour every <see cref="IDecisionLog"/> must show (local disk and Azure Blob): appended
/// records are durable, range queries are half-open and oldest first, each id is returned once, and a
/// record never changes once written.
/// </summary>
/// <remarks>
/// A derived class supplies a factory; every call must return a new log instance over the same store, so
/// tests can check that what one instance appended another reads.
/// </remarks>
public abstract class DecisionLogContractTests
{
    private const string EntityType = "CustomerGrain";

    private static readonly DateTimeOffset Min = DateTimeOffset.MinValue;
    private static readonly DateTimeOffset Max = DateTimeOffset.MaxValue;

    private readonly Func<IDecisionLog> _createLog;

    protected DecisionLogContractTests(Func<IDecisionLog> createLog)
    {
        _createLog = createLog;
    }

    protected IDecisionLog CreateLog() => _createLog();

    protected static string NewEntityId() => $"customer-{Guid.NewGuid():N}";

    [Fact]
    public async Task ReadAsync_UnknownEntity_ReturnsEmpty()
    {
        var records = await CreateLog().ReadAsync(EntityType, NewEntityId(), Min, Max);

        Assert.Empty(records);
    }

    [Fact]
    public async Task AppendAsync_ThenReadAsync_ReturnsEveryFieldAsWritten()
    {
        var id = NewEntityId();
        var record = Create(EntityType, id, 10, T0) with { Error = "webhook timed out" };

        await CreateLog().AppendAsync(EntityType, id, [record]);
        var read = await CreateLog().ReadAsync(EntityType, id, Min, Max);

        var single = Assert.Single(read);
        Assert.Equal(ToJson(record), ToJson(single));
    }

    [Fact]
    public async Task ReadAsync_ReturnsRecordsOldestFirst()
    {
        var id = NewEntityId();
        var log = CreateLog();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 3, T0.AddMinutes(3)), Create(EntityType, id, 1, T0.AddMinutes(1))]);
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 2, T0.AddMinutes(2))]);

        var read = await log.ReadAsync(EntityType, id, Min, Max);

        Assert.Equal([1L, 2L, 3L], read.Select(r => r.TriggerPosition.Offset));
    }

    [Fact]
    public async Task ReadAsync_FiltersByHalfOpenTimeRange()
    {
        var id = NewEntityId();
        var log = CreateLog();
        await log.AppendAsync(EntityType, id, [.. Enumerable.Range(0, 5).Select(i => Create(EntityType, id, i, T0.AddMinutes(i)))]);

        var read = await log.ReadAsync(EntityType, id, T0.AddMinutes(1), T0.AddMinutes(3));

        Assert.Equal([1L, 2L], read.Select(r => r.TriggerPosition.Offset));
    }

    [Fact]
    public async Task ReadAsync_WithEmptyRange_ReturnsEmpty()
    {
        var id = NewEntityId();
        var log = CreateLog();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);

        Assert.Empty(await log.ReadAsync(EntityType, id, T0, T0));
        Assert.Empty(await log.ReadAsync(EntityType, id, T0.AddMinutes(1), T0));
    }

    [Fact]
    public async Task AppendAsync_SameRecordsTwice_ReadReturnsEachIdOnce()
    {
        var id = NewEntityId();
        var log = CreateLog();
        IReadOnlyList<DecisionRecord> batch = [Create(EntityType, id, 1, T0), Create(EntityType, id, 2, T0.AddSeconds(1))];

        await log.AppendAsync(EntityType, id, batch);
        await log.AppendAsync(EntityType, id, batch);
        await log.AppendAsync(EntityType, id, [batch[1], batch[1]]);
        var read = await log.ReadAsync(EntityType, id, Min, Max);

        Assert.Equal(batch.Select(r => r.Id), read.Select(r => r.Id));
    }

    [Fact]
    public async Task AppendAsync_ChangedRecordWithExistingId_KeepsTheOriginal()
    {
        var id = NewEntityId();
        var log = CreateLog();
        var original = Create(EntityType, id, 1, T0);
        await log.AppendAsync(EntityType, id, [original]);

        await log.AppendAsync(EntityType, id, [original with { RuleVersion = 9, DecidedAt = T0.AddHours(1), Error = "rewritten" }]);
        var read = await CreateLog().ReadAsync(EntityType, id, Min, Max);

        Assert.Equal(ToJson(original), ToJson(Assert.Single(read)));
    }

    [Fact]
    public async Task AppendAsync_IsVisibleToANewLogInstance()
    {
        var id = NewEntityId();
        await CreateLog().AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);

        var read = await CreateLog().ReadAsync(EntityType, id, Min, Max);

        Assert.Single(read);
    }

    [Fact]
    public async Task ReadAsync_ReturnsOnlyTheRequestedEntity()
    {
        var id = NewEntityId();
        var log = CreateLog();
        await log.AppendAsync(EntityType, id, [Create(EntityType, id, 1, T0)]);
        await log.AppendAsync(EntityType, id + "x", [Create(EntityType, id + "x", 2, T0)]);
        await log.AppendAsync("SessionGrain", id, [Create("SessionGrain", id, 3, T0)]);

        var read = await log.ReadAsync(EntityType, id, Min, Max);

        Assert.Equal(1L, Assert.Single(read).TriggerPosition.Offset);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendsToOneEntity_KeepsEveryRecord()
    {
        var id = NewEntityId();
        var log = CreateLog();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(batch => Task.Run(() =>
            log.AppendAsync(EntityType, id, [.. Enumerable.Range(0, 5).Select(i => Create(EntityType, id, (batch * 5) + i, T0.AddSeconds(batch)))]))));
        var read = await log.ReadAsync(EntityType, id, Min, Max);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), read.Select(r => r.TriggerPosition.Offset).Order());
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_StoresNothing()
    {
        var id = NewEntityId();
        var log = CreateLog();

        await log.AppendAsync(EntityType, id, []);

        Assert.Empty(await log.ReadAsync(EntityType, id, Min, Max));
    }

    [Fact]
    public async Task AppendAsync_RecordOfAnotherEntity_ThrowsArgumentException()
    {
        var id = NewEntityId();
        var log = CreateLog();

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(EntityType, id, [Create(EntityType, "someone-else", 1, T0)]));

        Assert.Empty(await log.ReadAsync(EntityType, id, Min, Max));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../escape")]
    [InlineData("a/b\\c")]
    [InlineData("ünïcødé 顧客")]
    [InlineData(".")]
    public async Task AppendAsync_OddEntityIds_RoundTrip(string entityId)
    {
        var log = CreateLog();
        var record = Create(EntityType, entityId, 1, T0);

        await log.AppendAsync(EntityType, entityId, [record]);
        var read = await CreateLog().ReadAsync(EntityType, entityId, Min, Max);

        Assert.Contains(read, r => r.Id == record.Id);
    }

    private static string ToJson(DecisionRecord record) => JsonSerializer.Serialize(record, ReactorJson.Options);
}
