using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>Entity state and decisions on local disk survive a silo restart.</summary>
public sealed class EntityPersistenceTests : IDisposable
{
    private readonly TempDirectory _data = new("entity-persistence");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task State_and_decisions_survive_a_silo_restart_with_local_disk_storage()
    {
        string decisionId;
        long lastOffset;
        await using (var first = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path))
        {
            var grain = first.Client.GetGrain<ITallyGrain>("durable");
            await first.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "durable", new Added(70)));
            lastOffset = (await first.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "durable", new Added(40)))).Position.Offset;
            await Eventually.Until("both events applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 2);
            decisionId = Assert.Single(await grain.GetDecisionsAsync(DateTimeOffset.MinValue)).Id;

            // No explicit flush: stopping the silo deactivates the entity, which persists it.
        }

        await using var second = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path);
        var restored = second.Client.GetGrain<ITallyGrain>("durable");
        var snapshot = await restored.GetSnapshotAsync();

        Assert.Equal(2, snapshot.StateVersion);
        Assert.Equal([70, 40], snapshot.GetState<Tally>().Amounts);
        Assert.Equal(lastOffset, snapshot.Positions.Values.Single());
        Assert.Equal(decisionId, Assert.Single(await restored.GetDecisionsAsync(DateTimeOffset.MinValue)).Id);
    }

    [Fact]
    public async Task Explicit_flush_makes_state_durable_before_deactivation()
    {
        await using var cluster = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path);
        var grain = cluster.Client.GetGrain<ITallyGrain>("flushed");
        await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "flushed", new Added(3)));
        await Eventually.Until("the event is applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 1);

        await grain.FlushAsync();

        var files = Directory.GetFiles(Path.Combine(_data.Path, "state"), "*.json", SearchOption.AllDirectories);
        var stored = Assert.Single(files, f => File.ReadAllText(f).Contains("\"amounts\":[3]", StringComparison.Ordinal));
        Assert.Contains("\"stateVersion\":1", File.ReadAllText(stored), StringComparison.Ordinal);
    }
}
