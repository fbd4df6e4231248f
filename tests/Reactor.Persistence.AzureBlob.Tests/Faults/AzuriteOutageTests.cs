using Reactor.Persistence.AzureBlob.Tests.Cluster;
using Reactor.TestInfrastructure;

namespace Reactor.Persistence.AzureBlob.Tests.Faults;

/// <summary>
/// Azurite (on disk, stopped with SIGTERM so it saves its metadata and a restart keeps the data) stops for 20 seconds in the middle of a Kafka-fed run: entities
/// cannot flush, the Kafka provider does not commit what they hold, and after the restart every entity's state is
/// exact: nothing lost, nothing applied twice.
/// </summary>
[Trait("Provider", "AzureBlob")]
[Trait("Suite", "Faults")]
public sealed class AzuriteOutageTests : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _data = new("azureblob-outage");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Storage_down_for_twenty_seconds_mid_stream_loses_nothing_and_applies_nothing_twice()
    {
        await using var azurite = await AzuriteServer.StartAsync(Path.Combine(_data.Path, "azurite"));
        await using var broker = await BlobKafkaCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await BlobKafkaCluster.StartAsync(broker.BootstrapServers, azurite.ConnectionString, "outage");
        var before = BlobKafkaCluster.Generate(200, 2_000, seed: 21);
        BlobKafkaCluster.Produce(broker.BootstrapServers, before.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await cluster.AssertStatesAsync(before, Settle);

        await azurite.StopAsync(graceful: true);
        var during = BlobKafkaCluster.Generate(200, 2_000, seed: 22);
        BlobKafkaCluster.Produce(broker.BootstrapServers, during.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await Task.Delay(TimeSpan.FromSeconds(20)); // the outage itself, not a synchronisation
        await azurite.RestartAsync();

        var after = BlobKafkaCluster.Generate(200, 2_000, seed: 23);
        BlobKafkaCluster.Produce(broker.BootstrapServers, after.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        await cluster.AssertStatesAsync(Merge(Merge(before, during), after), Settle);
    }

    private static Dictionary<string, List<int>> Merge(Dictionary<string, List<int>> first, Dictionary<string, List<int>> second) =>
        first.Keys.Union(second.Keys).ToDictionary(k => k, k => first.GetValueOrDefault(k, []).Concat(second.GetValueOrDefault(k, [])).ToList());
}
