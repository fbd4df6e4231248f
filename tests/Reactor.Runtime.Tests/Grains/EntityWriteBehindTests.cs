using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>An entity keeps processing events while its state is being written, and reports what is durable separately.</summary>
public sealed class EntityWriteBehindTests
{
    [Fact]
    public async Task Entity_applies_events_while_its_write_is_pending_and_checkpoint_reports_durable_apart_from_applied()
    {
        var storage = new GatedGrainStorage();
        await using var cluster = await ReactorTestCluster.StartAsync(
            r => r.AddTallyTypes(),
            configureSilo: silo => silo.Services.AddKeyedSingleton<IGrainStorage>("reactor", storage));
        var grain = cluster.Client.GetGrain<ITallyGrain>("slow-disk");
        var first = await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "slow-disk", new Added(1)));
        await Eventually.Until("the first event is applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 1);

        var pending = await grain.CheckpointAsync();
        await Eventually.Until("the write to start", () => Volatile.Read(ref storage.WritesStarted) > 0);
        var second = await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "slow-disk", new Added(2)));
        await Eventually.Until("the second event to be applied while the write waits", async () => (await grain.GetSnapshotAsync()).StateVersion == 2);

        var key = first.Position.PartitionKey;
        Assert.Equal(first.Position.Offset, pending.Applied[key]);
        Assert.False(pending.Durable.ContainsKey(key));
        Assert.False((await grain.CheckpointAsync()).Durable.ContainsKey(key));

        storage.Open();
        await Eventually.Until("both events to become durable", async () => (await grain.CheckpointAsync()).Durable.GetValueOrDefault(key) == second.Position.Offset);
        Assert.Equal(second.Position.Offset, (await grain.FlushAsync())[key]);
    }
}
