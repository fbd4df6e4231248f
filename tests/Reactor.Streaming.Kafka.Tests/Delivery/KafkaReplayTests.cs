using Reactor.Streaming.Kafka.Replay;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>Rewinding topics and single entities through the provider's rewind API, against the dev broker.</summary>
public sealed class KafkaReplayTests : IDisposable
{
    private static readonly DateTimeOffset Yesterday = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly TempDirectory _data = new("kafka-replay");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Rewinding_a_topic_to_a_time_rebuilds_its_entities_from_the_events_after_it_and_to_earliest_restores_everything()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var (before, after) = await ProduceTwoHoursAsync(broker.BootstrapServers, cluster);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var fromNoon = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.AtTime(Yesterday.AddMinutes(30)) });
        var done = await rewinds.WaitForCompletionAsync(fromNoon.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal([CounterEntity.Topic], done.Topics);
        Assert.Equal(8, done.Partitions.Count);
        Assert.Equal(after.Values.Sum(v => v.Count), done.EventsToReplay);
        Assert.Equal(done.EventsToReplay, done.ReplayedEvents);
        await AssertAmountsAsync(cluster, after);
        await AssertAmountsAsync(cluster, before.Where(e => !after.ContainsKey(e.Key)).ToDictionary());

        var fromStart = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.Earliest });
        await rewinds.WaitForCompletionAsync(fromStart.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));

        await AssertAmountsAsync(cluster, Concat(before, after));
        Assert.Equal([fromNoon.Id, fromStart.Id], (await rewinds.ListAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task Rewinding_one_entity_rebuilds_it_alone_and_rewinds_survive_a_cluster_restart()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        Dictionary<string, List<int>> before, after;
        string rebuilt;
        await using (var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path))
        {
            (before, after) = await ProduceTwoHoursAsync(broker.BootstrapServers, cluster);
            rebuilt = after.Keys.First(before.ContainsKey);
            var rewinds = cluster.Client.GetKafkaRewinds("kafka");

            var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { EntityId = rebuilt, Target = KafkaRewindTarget.AtTime(Yesterday.AddMinutes(30)) });
            var statuses = new List<KafkaRewindStatus>();
            await rewinds.WaitForCompletionAsync(rewind.Id, new SynchronousProgress(statuses), TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Equal(rebuilt, statuses[^1].EntityId);
            Assert.Equal(1.0, statuses[^1].Progress);
            await AssertAmountsAsync(cluster, new() { [rebuilt] = after[rebuilt] });
            await AssertAmountsAsync(cluster, Concat(before, after).Where(e => e.Key != rebuilt).ToDictionary());
        }

        // After a restart the readers must still stamp the rewind's epoch on the rebuilt entity's events, or it would drop them.
        var later = KafkaDeliveryTests.Produce(20, 400, seed: 13);
        later[rebuilt] = [7, 8, 9];
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, later.SelectMany(e => e.Value.Select(a => (e.Key, a))), Yesterday.AddHours(2));
        await using var restarted = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var expected = Concat(Concat(before, after), later);
        expected[rebuilt] = [.. after[rebuilt], .. later[rebuilt]];
        await AssertAmountsAsync(restarted, expected);
    }

    [Fact]
    public async Task A_silo_dying_mid_replay_loses_nothing_and_the_rewind_completes_on_the_survivor()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, silos: 2);
        var events = KafkaDeliveryTests.Produce(400, 8_000, seed: 14);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, events.SelectMany(e => e.Value.Select(a => (e.Key, a))), Yesterday);
        await AssertAmountsAsync(cluster, events);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.Earliest });
        await Eventually.Until("a partition to start replaying", async () => (await rewinds.GetStatusAsync(rewind.Id))!.Partitions.Any(p => p.Started));
        await cluster.Cluster.Silos[1].StopSiloAsync(stopGracefully: false);

        await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));
        await AssertAmountsAsync(cluster, events);
    }

    [Fact]
    public async Task Rewinding_a_topic_the_provider_does_not_read_is_refused_with_the_topics_it_reads()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => rewinds.RewindAsync(new KafkaRewindRequest { Topics = ["no-such-topic"], Target = KafkaRewindTarget.Earliest }));

        Assert.Contains("'no-such-topic'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{CounterEntity.Topic}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await rewinds.ListAsync());
    }

    [Theory]
    [InlineData("earliest", KafkaRewindTargetKind.Earliest)]
    [InlineData("1200", KafkaRewindTargetKind.Offset)]
    [InlineData("2026-11-22T10:00:00Z", KafkaRewindTargetKind.Timestamp)]
    public void Rewind_targets_parse_from_text(string text, KafkaRewindTargetKind kind) =>
        Assert.Equal(kind, KafkaRewindTarget.Parse(text).Kind);

    [Fact]
    public void Unreadable_rewind_target_names_the_accepted_forms() =>
        Assert.Contains("earliest", Assert.Throws<FormatException>(() => KafkaRewindTarget.Parse("yesterday")).Message, StringComparison.Ordinal);

    /// <summary>Produces one batch stamped an hour before <see cref="Yesterday"/>'s half hour and one after it, and waits until both are applied.</summary>
    private static async Task<(Dictionary<string, List<int>> Before, Dictionary<string, List<int>> After)> ProduceTwoHoursAsync(string bootstrapServers, KafkaTestCluster cluster)
    {
        var before = KafkaDeliveryTests.Produce(50, 1_000, seed: 11);
        var after = KafkaDeliveryTests.Produce(30, 600, seed: 12);
        await KafkaTestCluster.ProduceAsync(bootstrapServers, before.SelectMany(e => e.Value.Select(a => (e.Key, a))), Yesterday);
        await KafkaTestCluster.ProduceAsync(bootstrapServers, after.SelectMany(e => e.Value.Select(a => (e.Key, a))), Yesterday.AddHours(1));
        await AssertAmountsAsync(cluster, Concat(before, after));
        return (before, after);
    }

    private static Dictionary<string, List<int>> Concat(Dictionary<string, List<int>> first, Dictionary<string, List<int>> second) =>
        first.Keys.Union(second.Keys).ToDictionary(k => k, k => first.GetValueOrDefault(k, []).Concat(second.GetValueOrDefault(k, [])).ToList());

    /// <summary>Waits until every entity holds exactly the expected amounts, in order.</summary>
    private static Task AssertAmountsAsync(KafkaTestCluster cluster, Dictionary<string, List<int>> expected) =>
        Eventually.Until($"{expected.Count} entities to hold exactly their expected events", async () =>
        {
            var states = await Task.WhenAll(expected.Select(async e => (e.Value, (await cluster.Client.GetGrain<ICounterGrain>(e.Key).GetSnapshotAsync()).GetState<Counter>())));
            return states.All(s => s.Item2.Amounts.SequenceEqual(s.Value));
        }, TimeSpan.FromMinutes(3));

    private sealed class SynchronousProgress(List<KafkaRewindStatus> statuses) : IProgress<KafkaRewindStatus>
    {
        public void Report(KafkaRewindStatus value) => statuses.Add(value);
    }
}
