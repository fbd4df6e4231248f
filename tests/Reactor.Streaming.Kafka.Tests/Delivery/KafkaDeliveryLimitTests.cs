using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Providers;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// A partition holds back deliveries over <see cref="KafkaQueueCacheOptions.MaxDeliveriesInFlight"/> and serves the held-back
/// entities in turn, also when its memory share is full: every event is still applied exactly once. Direct delivery holds
/// them in its mailboxes; stream subscriptions in the cache, waking them through the partition's reads.
/// </summary>
public sealed class KafkaDeliveryLimitTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-delivery-limit");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public async Task Two_deliveries_in_flight_per_partition_with_the_smallest_cache_still_apply_every_event_once(KafkaDelivery delivery)
    {
        long heldBackCounted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "reactor.kafka.deliveries.held_back")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref heldBackCounted, value));
        listener.Start();

        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(
            broker.BootstrapServers,
            _data.Path,
            configure: o => o.Delivery = delivery,
            configureSilo: silo => silo.Services.Configure<KafkaQueueCacheOptions>("kafka", o =>
            {
                o.MaxDeliveriesInFlight = 2;
                o.MaxCachedBytes = KafkaQueueCacheOptions.MinMaxCachedBytes;
            }));

        var expected = KafkaDeliveryTests.Produce(2_000, 20_000, seed: 23);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);

        var factory = (KafkaAdapterFactory)cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IQueueAdapterFactory>("kafka");
        if (delivery == KafkaDelivery.Direct)
        {
            var pumps = factory.Pumps.ToList();
            Assert.Equal(8, pumps.Count);
            Assert.True(pumps.Sum(p => p.HeldBackTotal) > 0, "No delivery was ever held back: the test did not exercise the limit.");
            await Eventually.Until("the held-back counter to report every hold", () => Interlocked.Read(ref heldBackCounted) >= pumps.Sum(p => p.HeldBackTotal));
            Assert.All(pumps, p => Assert.InRange(p.MostInFlight, 1, 2));
            return;
        }

        var caches = factory.QueueCaches.Caches.ToList();
        Assert.Equal(8, caches.Count);
        var heldBack = caches.Sum(c => c.HeldBack);
        Assert.True(heldBack > 0, "No delivery was ever held back: the test did not exercise the limit.");

        // Reported at each read, so by the next reads the counter has caught up with the gates.
        await Eventually.Until("the held-back counter to report every hold", () => Interlocked.Read(ref heldBackCounted) >= caches.Sum(c => c.HeldBack));
        Assert.All(caches, c => Assert.True(c.Gate.InFlight <= 2, $"{c.Gate.InFlight} deliveries in flight"));
    }
}
