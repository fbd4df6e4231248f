using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>With Orleans' in-memory grain storage (development and tests), an entity comes back after deactivation.</summary>
public sealed class EntityMemoryStorageTests
{
    [Fact]
    public async Task Entity_deactivated_with_memory_storage_reactivates_with_its_state()
    {
        await using var cluster = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes());
        var grain = cluster.Client.GetGrain<ITallyGrain>("in-memory");
        await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "in-memory", new Added(5)));
        await Eventually.Until("the event is applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 1);
        await grain.FlushAsync();

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(1, snapshot.StateVersion);
        Assert.Equal([5], snapshot.GetState<Tally>().Amounts);
    }
}
