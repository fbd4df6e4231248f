using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// The delivery tests against librdkafka's mock cluster, where it supports them. The mock has no CreateTopics
/// (topics are auto-created with 4 partitions on first produce) and trims old messages early, so volumes stay small.
/// </summary>
public sealed class KafkaMockClusterTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-mock");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Mock_cluster_gives_exact_states_and_a_restart_resumes_from_committed_offsets()
    {
        using var mock = await MockKafkaCluster.StartAsync();
        var first = KafkaDeliveryTests.Produce(100, 1_000, seed: 7);
        await KafkaTestCluster.ProduceAsync(mock.BootstrapServers, first.SelectMany(e => e.Value.Select(a => (e.Key, a))));

        await using (var cluster = await KafkaTestCluster.StartAsync(mock.BootstrapServers, _data.Path, configure: o => o.CreateTopics = false))
        {
            await KafkaDeliveryTests.AssertStatesAsync(cluster, first);
        }

        var second = KafkaDeliveryTests.Produce(100, 1_000, seed: 8);
        await KafkaTestCluster.ProduceAsync(mock.BootstrapServers, second.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        var expected = first.Keys.Union(second.Keys).ToDictionary(k => k, k => first.GetValueOrDefault(k, []).Concat(second.GetValueOrDefault(k, [])).ToList());

        await using var restarted = await KafkaTestCluster.StartAsync(mock.BootstrapServers, _data.Path, configure: o => o.CreateTopics = false);
        await KafkaDeliveryTests.AssertStatesAsync(restarted, expected);
    }
}
