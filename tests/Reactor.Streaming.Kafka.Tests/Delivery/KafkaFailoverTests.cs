using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>A silo dies without shutting down mid-stream; the survivor takes over its partitions and entities.</summary>
public sealed class KafkaFailoverTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-failover");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Silo_stopped_abruptly_mid_stream_loses_no_event_and_applies_none_twice()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, silos: 2);
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
}
