using Reactor.DevBroker;
using Reactor.Streaming.Kafka.Tests.Delivery;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Faults;

/// <summary>The broker goes away mid-stream and comes back on the same address with the same log.</summary>
public sealed class KafkaBrokerRestartTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-broker-restart");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Broker_restarted_mid_stream_loses_no_event_applies_none_twice_and_everything_is_committed()
    {
        var brokerData = Path.Combine(_data.Path, "broker");
        var broker = await KafkaTestCluster.StartBrokerAsync(brokerData);
        var port = broker.Port;
        var bootstrap = broker.BootstrapServers;
        await using var cluster = await KafkaTestCluster.StartAsync(bootstrap, _data.Path, silos: 2);
        var expected = new Dictionary<string, List<int>>();
        async Task ProduceAsync(int seed)
        {
            var batch = KafkaDeliveryTests.Produce(400, 4_000, seed);
            await KafkaTestCluster.ProduceAsync(bootstrap, batch.SelectMany(e => e.Value.Select(a => (e.Key, a))));
            foreach (var (id, amounts) in batch)
            {
                (expected.TryGetValue(id, out var list) ? list : expected[id] = []).AddRange(amounts);
            }
        }

        await ProduceAsync(seed: 31);
        await Eventually.Until("the silos to be applying events", async () =>
        {
            var versions = await Task.WhenAll(expected.Keys.Take(50).Select(async id => (await cluster.Client.GetGrain<ICounterGrain>(id).GetSnapshotAsync()).StateVersion));
            return versions.Any(v => v > 0);
        });

        // The broker stops while receivers are fetching and committing; they retry until it is back.
        await broker.DisposeAsync();
        await using var restarted = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = brokerData, DefaultPartitions = 8, Port = port });
        Assert.Equal(bootstrap, restarted.BootstrapServers);

        await ProduceAsync(seed: 32);

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
        var produced = KafkaTestCluster.HighWatermarkTotal(bootstrap);
        Assert.Equal(8_000, produced);
        await Eventually.Until("the consumer group to commit every offset", async () => await KafkaTestCluster.CommittedTotalAsync(bootstrap) == produced);
    }
}
