using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;
using Reactor.Streaming.Kafka.Providers;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// The silo-wide cache budget is shared by the partitions each silo reads, follows them when they move to another silo,
/// and, at its smallest, only slows reading down: every event is still applied once.
/// </summary>
public sealed class KafkaCacheBudgetTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-cache-budget");

    public void Dispose() => _data.Dispose();

    private static CacheMemoryBudget Budget(Orleans.TestingHost.InProcessSiloHandle silo) =>
        ((KafkaAdapterFactory)silo.ServiceProvider.GetRequiredKeyedService<IQueueAdapterFactory>("kafka")).CacheBudget;

    [Fact]
    public async Task Smallest_budget_shared_by_two_silos_applies_every_event_and_moves_with_the_partitions()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(
            broker.BootstrapServers,
            _data.Path,
            silos: 2,
            configureSilo: silo => silo.Services.Configure<KafkaQueueCacheOptions>("kafka", o => o.MaxCachedBytes = KafkaQueueCacheOptions.MinMaxCachedBytes));
        var first = Budget(cluster.Cluster.Silos[0]);
        var second = Budget(cluster.Cluster.Silos[1]);
        await Eventually.Until("the 8 partitions to be read by the two silos", () => first.Partitions + second.Partitions == 8);

        // 1 MiB over ~4 partitions per silo holds a few hundred small events per partition: far fewer than are produced,
        // so reading keeps stopping for the budget.
        var expected = KafkaDeliveryTests.Produce(2_000, 20_000, seed: 11);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);

        await cluster.Cluster.Silos[1].StopSiloAsync(stopGracefully: true);
        Assert.Equal(0, second.Partitions);
        await Eventually.Until("the survivor to read all 8 partitions", () => first.Partitions == 8, TimeSpan.FromMinutes(2));
    }
}
