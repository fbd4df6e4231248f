using Orleans.Configuration;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

public sealed class KafkaDeliveryTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-delivery");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public async Task Events_for_many_entities_across_eight_partitions_give_exact_states_and_offsets_are_committed(KafkaDelivery delivery)
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configure: o => o.Delivery = delivery);
        const int entities = 10_000;
        const int events = 100_000;
        var expected = Produce(entities, events, seed: 1);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));

        await AssertStatesAsync(cluster, expected);
        var produced = KafkaTestCluster.HighWatermarkTotal(broker.BootstrapServers);
        Assert.Equal(events, produced);
        await Eventually.Until("the consumer group to commit every offset", async () => await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == produced);
        Assert.Empty(KafkaTestCluster.ReadDeadLetters(broker.BootstrapServers, expected: 0));
    }

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public async Task Restarted_cluster_resumes_from_committed_offsets_without_applying_anything_twice(KafkaDelivery delivery)
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        var first = Produce(200, 2_000, seed: 2);
        await using (var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configure: o => o.Delivery = delivery))
        {
            await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, first.SelectMany(e => e.Value.Select(a => (e.Key, a))));
            await AssertStatesAsync(cluster, first);
        }

        var second = Produce(200, 2_000, seed: 3);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, second.SelectMany(e => e.Value.Select(a => (e.Key, a))));
        var expected = first.Keys.Union(second.Keys).ToDictionary(k => k, k => first.GetValueOrDefault(k, []).Concat(second.GetValueOrDefault(k, [])).ToList());

        await using var restarted = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configure: o => o.Delivery = delivery);
        await AssertStatesAsync(restarted, expected);
    }

    internal static Dictionary<string, List<int>> Produce(int entities, int events, int seed)
    {
        var random = new Random(seed);
        var expected = new Dictionary<string, List<int>>();
        for (var i = 0; i < events; i++)
        {
            var id = $"e-{random.Next(entities)}";
            (expected.TryGetValue(id, out var list) ? list : expected[id] = []).Add(random.Next(1, 100));
        }

        return expected;
    }

    /// <summary>
    /// Waits until every entity's state is exactly its expected events, in order: nothing lost, nothing applied twice.
    /// </summary>
    /// <remarks>
    /// The exact states are what is waited for, not a count of applied events: after a silo is lost an entity can be
    /// behind for a moment (an activation replaced by one restored from older storage) until a checkpoint finds it
    /// behind and the partition is read again, so a count reached once may not hold. An event applied twice never goes
    /// away, so a duplicate still fails the wait.
    /// </remarks>
    internal static async Task AssertStatesAsync(KafkaTestCluster cluster, Dictionary<string, List<int>> expected)
    {
        try
        {
            await Eventually.Until($"{expected.Count} entities to hold exactly their events", async () =>
            {
                var states = await Task.WhenAll(expected.Select(async e => (Expected: e.Value, Actual: (await cluster.Client.GetGrain<ICounterGrain>(e.Key).GetSnapshotAsync()).GetState<Counter>().Amounts)));
                return states.All(s => s.Actual.SequenceEqual(s.Expected));
            }, TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException ex)
        {
            var wrong = new List<string>();
            foreach (var (id, amounts) in expected)
            {
                var state = (await cluster.Client.GetGrain<ICounterGrain>(id).GetSnapshotAsync()).GetState<Counter>();
                if (!state.Amounts.SequenceEqual(amounts))
                {
                    var isPrefix = state.Amounts.Count < amounts.Count && state.Amounts.SequenceEqual(amounts.Take(state.Amounts.Count));
                    wrong.Add($"{id}: {state.Amounts.Count}/{amounts.Count} applied, {(isPrefix ? "a prefix" : "NOT a prefix")}");
                }
            }

            throw new TimeoutException($"{ex.Message}. {wrong.Count} entities differ, for example: {string.Join("; ", wrong.Take(10))}", ex);
        }
    }
}
