using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Offsets are committed while events keep arriving, not only once the stream goes quiet: with many entities per
/// partition some entity always has an event newer than its last write, and a checkpoint that chased the newest read
/// position would never find every entity durable.
/// </summary>
public sealed class KafkaSteadyLoadCommitTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-steady-commit");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Offsets_are_committed_during_steady_load_across_many_entities()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var expected = new Dictionary<string, List<int>>();
        using var stop = new CancellationTokenSource();

        // A smooth stream over 400 entities, never quiet for long, until the cluster has committed a good share of it.
        var producing = SteadyLoad.ProduceAsync(broker.BootstrapServers, "steady", 400, seed: 7, maxEvents: 200_000, expected, stop.Token);

        try
        {
            await Eventually.Until("the group to commit 3,000 offsets while events still arrive", async () =>
            {
                Assert.False(producing.IsCompleted, "the load ended before anything was committed");
                return await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) >= 3_000;
            }, TimeSpan.FromMinutes(2));
        }
        finally
        {
            await stop.CancelAsync();
            await producing;
        }

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
    }
}
