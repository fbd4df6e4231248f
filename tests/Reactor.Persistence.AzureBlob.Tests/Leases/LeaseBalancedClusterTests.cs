using Microsoft.Extensions.DependencyInjection;
using Orleans.LeaseProviders;
using Orleans.TestingHost;
using Reactor.Persistence.AzureBlob.Tests.Cluster;
using Reactor.Persistence.AzureBlob.Tests.Support;
using Reactor.TestInfrastructure;

namespace Reactor.Persistence.AzureBlob.Tests.Leases;

/// <summary>
/// Silos join and leave a cluster whose Kafka partitions are balanced by Orleans' lease-based balancer on Azure blob
/// leases: no partition is ever held by two silos at once, only the partitions needed for balance change owner, and
/// every event is applied exactly once throughout.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "Leases")]
public sealed class LeaseBalancedClusterTests(AzuriteFixture azurite) : IDisposable
{
    // Generous: membership changes and lease periods on a loaded 2-core machine.
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(4);

    private readonly TempDirectory _data = new("azureblob-leases");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Silos_joining_and_leaving_move_only_the_partitions_needed_and_never_share_one()
    {
        await using var broker = await BlobKafkaCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        var ledger = new LeaseLedger();
        await using var cluster = await BlobKafkaCluster.StartAsync(broker.BootstrapServers, azurite.Server.ConnectionString, AzuriteFixture.NewContainerName(), silos: 2, leases: ledger);
        var first = BlobKafkaCluster.Generate(100, 1_000, seed: 11);
        BlobKafkaCluster.Produce(broker.BootstrapServers, first.SelectMany(e => e.Value.Select(a => (e.Key, a))));

        var two = await BalancedAsync(cluster, 2);
        await cluster.AssertStatesAsync(first, Settle);

        // A third silo joins: it takes only what the other two give up for balance.
        var third = await cluster.Cluster.StartAdditionalSiloAsync();
        var three = await BalancedAsync(cluster, 3);
        foreach (var silo in two.Keys)
        {
            Assert.Subset(two[silo], three[silo]);
        }

        Assert.Equal(BlobCounterEntity.Partitions - three.Where(s => two.ContainsKey(s.Key)).Sum(s => s.Value.Count), three[third.Name].Count);

        // The third silo leaves: only its partitions move, to the remaining two.
        await cluster.Cluster.StopSiloAsync(third);
        var again = await BalancedAsync(cluster, 2);
        foreach (var silo in again.Keys)
        {
            Assert.Subset(again[silo], three[silo]);
        }

        var second = BlobKafkaCluster.Generate(100, 1_000, seed: 12);
        BlobKafkaCluster.Produce(broker.BootstrapServers, second.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await cluster.AssertStatesAsync(Merge(first, second), Settle);
        Assert.Empty(ledger.Violations);
    }

    /// <summary>Waits until the active silos hold every partition once, each between floor and ceiling of its share.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> BalancedAsync(BlobKafkaCluster cluster, int silos)
    {
        Dictionary<string, HashSet<string>> held = [];
        try
        {
            await Eventually.Until($"{BlobCounterEntity.Partitions} partitions to be balanced over {silos} silos", () =>
            {
                var active = cluster.Cluster.Silos.Where(s => s.IsActive).ToList();
                held = active.ToDictionary(s => s.Name, s => Held(s).ToHashSet());
                var counts = held.Values.Select(h => h.Count).ToList();
                var all = held.Values.SelectMany(h => h).ToList();
                return active.Count == silos
                    && all.Count == BlobCounterEntity.Partitions
                    && all.Distinct().Count() == BlobCounterEntity.Partitions
                    && counts.All(c => c >= BlobCounterEntity.Partitions / silos && c <= (BlobCounterEntity.Partitions + silos - 1) / silos);
            }, Settle);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; leases held at the deadline: {Describe(cluster)}. Silo warnings and errors:\n{cluster.LogSummary(30)}", ex);
        }

        return held;
    }

    private static string Describe(BlobKafkaCluster cluster) =>
        string.Join("; ", cluster.Cluster.Silos.Where(s => s.IsActive).Select(s => $"{s.Name}: {string.Join(",", Held(s).Order())}"));

    private static IReadOnlyCollection<string> Held(InProcessSiloHandle silo) =>
        ((RecordingLeaseProvider)silo.ServiceProvider.GetRequiredService<ILeaseProvider>()).Held;

    private static Dictionary<string, List<int>> Merge(Dictionary<string, List<int>> first, Dictionary<string, List<int>> second) =>
        first.Keys.Union(second.Keys).ToDictionary(k => k, k => first.GetValueOrDefault(k, []).Concat(second.GetValueOrDefault(k, [])).ToList());
}
