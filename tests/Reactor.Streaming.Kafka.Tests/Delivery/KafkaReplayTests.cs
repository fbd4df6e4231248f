using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Core.Internal;
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
    public async Task An_entity_with_no_events_after_the_rewinds_time_keeps_its_state_until_its_next_event_starts_it_afresh()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var (before, after) = await ProduceTwoHoursAsync(broker.BootstrapServers, cluster);
        var untouched = before.Keys.First(k => !after.ContainsKey(k));
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.AtTime(Yesterday.AddMinutes(30)) });
        await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));
        await AssertAmountsAsync(cluster, new() { [untouched] = before[untouched] });

        // Rebuilt from the events after the rewind's time, of which this is the first.
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, [(untouched, 42)], Yesterday.AddHours(2));
        await AssertAmountsAsync(cluster, new() { [untouched] = [42] });
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
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, silos: 2, configureSilo: silo => silo.Services.AddSingleton<ILoggerProvider>(logs));
        var events = KafkaDeliveryTests.Produce(400, 8_000, seed: 14);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, events.SelectMany(e => e.Value.Select(a => (e.Key, a))), Yesterday);
        await AssertAmountsAsync(cluster, events);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.Earliest });
        await Eventually.Until("a partition to start replaying", async () => (await rewinds.GetStatusAsync(rewind.Id))!.Partitions.Any(p => p.Started));
        await cluster.Cluster.Silos[1].StopSiloAsync(stopGracefully: false);

        try
        {
            await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException ex)
        {
            var partitions = (await rewinds.GetStatusAsync(rewind.Id))!.Partitions.Select(p => $"{p.Partition}: {(p.Started ? $"{p.From}..{p.End} at {p.Position}" : "not started")}");
            throw new TimeoutException($"The rewind did not complete ({string.Join("; ", partitions)}){Environment.NewLine}{ReactorLines(logs)}", ex);
        }

        await AssertAmountsAsync(cluster, events, logs);
    }

    [Fact]
    public async Task A_rewind_whose_start_answer_was_lost_still_replays_the_partition_from_the_rewind_and_completes()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        var lostAnswer = new LoseFirstRewindStartAnswer();
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configureSilo: silo => silo.AddIncomingGrainCallFilter(lostAnswer));
        var (before, after) = await ProduceTwoHoursAsync(broker.BootstrapServers, cluster);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");

        var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.AtTime(Yesterday.AddMinutes(30)) });
        await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));

        // The partition whose reader never heard that its start was recorded must still have sought back: its rebuilt
        // entities hold only the events after the rewind's time.
        Assert.True(lostAnswer.Lost, "the filter should have lost one answer to a rewind start");
        await AssertAmountsAsync(cluster, after);
        await AssertAmountsAsync(cluster, before.Where(e => !after.ContainsKey(e.Key)).ToDictionary());
    }

    [Fact]
    public async Task An_entity_that_lost_its_rebuilt_state_is_given_the_replay_again_rather_than_judged_by_its_old_positions()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        var failures = new WriteFailingGrainStorage.Failures();
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configureSilo: silo => WriteFailingGrainStorage.Install(silo.Services, "reactor", failures));
        var (before, after) = await ProduceTwoHoursAsync(broker.BootstrapServers, cluster);
        var victim = after.Keys.First(before.ContainsKey);
        var rewinds = cluster.Client.GetKafkaRewinds("kafka");
        var end = KafkaTestCluster.HighWatermarkTotal(broker.BootstrapServers);
        await Eventually.Until("every event to be committed, so every entity's stored state covers it", async () => await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == end);

        // The victim rebuilds from the replay in memory but cannot write it, then loses the activation (as with its silo):
        // storage still holds its state from before the rewind, whose positions cover every replayed offset.
        failures.GrainKey = victim;
        var rewind = await rewinds.RewindAsync(new KafkaRewindRequest { Target = KafkaRewindTarget.AtTime(Yesterday.AddMinutes(30)) });
        await AssertAmountsAsync(cluster, new() { [victim] = after[victim] });
        var grain = cluster.Client.GetGrain<ICounterGrain>(victim);
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.Until("the victim to come back in a new activation", async () =>
        {
            await grain.GetSnapshotAsync();
            return failures.Reads > 0;
        });
        failures.GrainKey = null;

        await rewinds.WaitForCompletionAsync(rewind.Id, null, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromMinutes(3));
        await AssertAmountsAsync(cluster, after);
        await AssertAmountsAsync(cluster, before.Where(e => !after.ContainsKey(e.Key)).ToDictionary());
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

    /// <summary>Waits until every entity holds exactly the expected amounts, in order; a timeout says how the entities differ.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="expected">The amounts each entity must hold.</param>
    /// <param name="logs">The silos' logs, whose Reactor lines a timeout message ends with.</param>
    private static async Task AssertAmountsAsync(KafkaTestCluster cluster, Dictionary<string, List<int>> expected, CapturingLoggerProvider? logs = null)
    {
        var mismatches = "none read";
        try
        {
            await Eventually.Until($"{expected.Count} entities to hold exactly their expected events", async () =>
            {
                var states = await Task.WhenAll(expected.Select(async e => (Id: e.Key, Expected: e.Value, Actual: (await cluster.Client.GetGrain<ICounterGrain>(e.Key).GetSnapshotAsync()).GetState<Counter>().Amounts)));
                var wrong = states.Where(s => !s.Actual.SequenceEqual(s.Expected)).ToList();
                mismatches = $"{wrong.Count} differ; " + string.Join("; ", wrong.Take(5).Select(w => $"{w.Id}: {w.Actual.Count} of {w.Expected.Count} events, {Describe(w.Expected, w.Actual)}"));
                return wrong.Count == 0;
            }, TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ({mismatches}){Environment.NewLine}{ReactorLines(logs)}", ex);
        }
    }

    /// <summary>Gets the last lines Reactor's own components logged, to explain a failure.</summary>
    private static string ReactorLines(CapturingLoggerProvider? logs) =>
        logs is null ? "" : string.Join(Environment.NewLine, logs.Entries
            .Where(e => e.Category.StartsWith("Reactor.", StringComparison.Ordinal))
            .Select(e => $"{e.Level} {e.Category}: {e.Message}")
            .TakeLast(120));

    private static string Describe(List<int> expected, List<int> actual)
    {
        var common = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
        var tail = expected.Count - actual.Count >= 0 && expected.Skip(expected.Count - actual.Count).SequenceEqual(actual);
        return tail ? $"the last {actual.Count} expected (the first {expected.Count - actual.Count} missing)" : $"agrees for the first {common}";
    }

    /// <summary>Lets the rewind grain record the first partition start it is told of, then fails the call, as when the answer is lost with a silo.</summary>
    private sealed class LoseFirstRewindStartAnswer : IIncomingGrainCallFilter
    {
        private int _lost;

        public bool Lost => Volatile.Read(ref _lost) == 1;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.InterfaceMethod?.Name == nameof(IKafkaRewindGrain.StartedAsync) && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new TimeoutException("The answer to a rewind start was lost (test).");
            }
        }
    }

    private sealed class SynchronousProgress(List<KafkaRewindStatus> statuses) : IProgress<KafkaRewindStatus>
    {
        public void Report(KafkaRewindStatus value) => statuses.Add(value);
    }
}
