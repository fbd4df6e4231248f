using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// A commit the group coordinator is slow to answer does not stop the partition: the receiver commits on a thread of
/// its own and keeps reading and delivering meanwhile; the commit lands when the coordinator answers.
/// </summary>
public sealed class KafkaSlowCommitTests : IDisposable
{
    private const short OffsetCommitApiKey = 8;
    private readonly TempDirectory _data = new("kafka-slow-commit");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Events_keep_being_applied_while_the_coordinator_holds_a_commit_and_the_commit_lands_once_it_answers()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var proxy = new KafkaProtocolProxy(broker.Port);
        proxy.Hold(OffsetCommitApiKey);

        // The held commit must not time out on the client while the test runs (librdkafka's longest request timeout).
        await using var cluster = await KafkaTestCluster.StartAsync($"127.0.0.1:{proxy.Port}", _data.Path, configure: o => o.Consumer.SocketTimeoutMs = 300_000);
        var expected = KafkaDeliveryTests.Produce(entities: 40, events: 400, seed: 41);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await proxy.RequestHeld.WaitAsync(TimeSpan.FromMinutes(2));

        var more = KafkaDeliveryTests.Produce(entities: 40, events: 400, seed: 42);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, more.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        foreach (var (id, amounts) in more)
        {
            (expected.TryGetValue(id, out var list) ? list : expected[id] = []).AddRange(amounts);
        }

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
        Assert.Equal(0, await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers));

        proxy.Release();
        await Eventually.Until("the consumer group to commit every offset", async () => await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == 800, TimeSpan.FromMinutes(2));
    }
}
