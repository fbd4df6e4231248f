using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Providers;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// A partition holds back deliveries over <see cref="KafkaQueueCacheOptions.MaxDeliveriesInFlight"/> and wakes the held-back
/// entities through its reads, also when the cache is full: every event is still applied exactly once.
/// </summary>
public sealed class KafkaDeliveryLimitTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-delivery-limit");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Two_deliveries_in_flight_per_partition_with_the_smallest_cache_still_apply_every_event_once()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(
            broker.BootstrapServers,
            _data.Path,
            configureSilo: silo => silo.Services.Configure<KafkaQueueCacheOptions>("kafka", o =>
            {
                o.MaxDeliveriesInFlight = 2;
                o.MaxCachedBytes = KafkaQueueCacheOptions.MinMaxCachedBytes;
            }));

        var expected = KafkaDeliveryTests.Produce(2_000, 20_000, seed: 23);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);

        var caches = ((KafkaAdapterFactory)cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IQueueAdapterFactory>("kafka")).QueueCaches.Caches.ToList();
        Assert.Equal(8, caches.Count);
        Assert.True(caches.Sum(c => c.HeldBack) > 0, "No delivery was ever held back: the test did not exercise the limit.");
        Assert.All(caches, c => Assert.True(c.Gate.InFlight <= 2, $"{c.Gate.InFlight} deliveries in flight"));
    }
}
