using Orleans.Configuration;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>A silo dies without shutting down mid-stream; the survivor takes over its partitions and entities.</summary>
public sealed class KafkaFailoverTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-failover");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public async Task Silo_stopped_abruptly_mid_stream_loses_no_event_and_applies_none_twice(KafkaDelivery delivery)
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, silos: 2, configure: o => o.Delivery = delivery);
        var before = KafkaDeliveryTests.Produce(500, 5_000, seed: 4);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, before.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await Eventually.Until("both silos to be applying events", async () =>
        {
            var versions = await Task.WhenAll(before.Keys.Take(50).Select(async id => (await cluster.Client.GetGrain<ICounterGrain>(id).GetSnapshotAsync()).StateVersion));
            return versions.Any(v => v > 0);
        });

        // Kill the second silo without any shutdown: its unflushed entity state and its receivers' progress are lost.
        await cluster.Cluster.Silos[1].StopSiloAsync(stopGracefully: false);

        var after = KafkaDeliveryTests.Produce(500, 5_000, seed: 5);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, after.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        var expected = before.Keys.Union(after.Keys).ToDictionary(k => k, k => before.GetValueOrDefault(k, []).Concat(after.GetValueOrDefault(k, [])).ToList());

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
    }

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public async Task Rolling_restart_hands_partitions_over_with_no_event_lost_or_applied_twice_and_everything_committed(KafkaDelivery delivery)
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, silos: 2, configure: o => o.Delivery = delivery);
        var expected = new Dictionary<string, List<int>>();
        async Task ProduceAsync(int seed)
        {
            var batch = KafkaDeliveryTests.Produce(300, 3_000, seed);
            await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, batch.SelectMany(e => e.Value.Select(a => (e.Key, a))));
            foreach (var (id, amounts) in batch)
            {
                (expected.TryGetValue(id, out var list) ? list : expected[id] = []).AddRange(amounts);
            }
        }

        // Replace each original silo in turn, each leaving gracefully (drain, flush, commit, close) while events flow.
        await ProduceAsync(seed: 21);
        var first = cluster.Cluster.Silos[0];
        await cluster.Cluster.StartAdditionalSiloAsync();
        await ProduceAsync(seed: 22);
        await cluster.Cluster.StopSiloAsync(first);
        await ProduceAsync(seed: 23);
        var second = cluster.Cluster.Silos[0];
        await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.Cluster.StopSiloAsync(second);
        await ProduceAsync(seed: 24);

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
        var produced = KafkaTestCluster.HighWatermarkTotal(broker.BootstrapServers);
        await Eventually.Until("the consumer group to commit every offset", async () => await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == produced);
    }
}
