using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;
using Reactor.Testing;
using Xunit.Abstractions;

namespace Reactor.Cluster.Tests;

/// <summary>
/// Three Reactor host processes form one cluster through Redis, reading the DevBroker and storing state in Azurite.
/// Under steady load one is killed with SIGKILL, a replacement joins later, then every host is replaced in a rolling
/// restart. At the end every entity's state is exact, no event is lost, no action is missing or doubled, and the
/// partitions are spread over the live hosts.
/// </summary>
public sealed class ClusterProofTests(ITestOutputHelper output)
{
    private static readonly string[] Topics = [CommerceTopics.SignIns, CommerceTopics.Payments, CommerceTopics.Carts];
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Stop = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Failover = TimeSpan.FromMinutes(3);

    private readonly List<ClusterHost> _hosts = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Three_host_cluster_survives_a_kill_a_replacement_and_a_rolling_restart_with_every_entity_exact()
    {
        var mode = ClusterProofMode.Current;
        Report($"mode {mode.Name}: {mode.Customers} customers, {mode.EventsPerSecond} events/s");
        await using var services = await ClusterFixtureServices.StartAsync();
        var probe = new KafkaProbe(services.Broker.BootstrapServers, ClusterFixtureServices.GroupId, Topics, ClusterFixtureServices.Partitions);
        var allPartitions = probe.Partitions.Select(p => $"{p.Topic}/{p.Partition.Value}").ToHashSet();
        try
        {
            var first = Enumerable.Range(0, 3).Select(_ => StartHost(services)).ToList();
            await WaitUntilServingAsync(first);
            await Eventually.Until(
                "the three hosts to read every partition between them, each some",
                () => Owners().Keys.ToHashSet().SetEquals(allPartitions) && first.All(h => Owners().Values.Any(o => o.Host == h)),
                Start);
            Report($"cluster of 3 up, partitions per host: {Spread()}");

            await using var load = new CommerceLoad(services.Broker.BootstrapServers, mode.Customers, mode.EventsPerSecond);
            load.Start();
            await WaitForLoadAsync(probe, load, mode.LoadBeforeKill);

            // SIGKILL: no flush, no commit, no leaving the membership table; its leases lapse on their own.
            var victim = first[1];
            var victimPartitions = Owners().Where(o => o.Value.Host == victim).Select(o => o.Key).ToList();
            var endsAtKill = probe.HighWatermarks();
            var killedAt = DateTime.UtcNow;
            await victim.KillAsync();
            Report($"killed {victim.Name} (pid gone) owning {victimPartitions.Count} partitions: {string.Join(", ", victimPartitions)}");

            await Eventually.Until(
                $"the survivors to read the partitions of {victim.Name} ({string.Join(", ", victimPartitions)})",
                () => victimPartitions.All(p => Owners().TryGetValue(p, out var owner) && owner.Host != victim && owner.Since > killedAt),
                Failover);
            var resumed = victimPartitions.Max(p => Owners()[p].Since) - killedAt;
            await CommittedAsync(probe, endsAtKill, "the survivors to commit what was produced before the kill");
            var caughtUp = DateTime.UtcNow - killedAt;

            // Actions re-sent because of the kill were all sent by now; from here on every stop is graceful.
            var actionsAfterRecovery = probe.HighWatermarks(CommerceTopics.CustomerActions);
            Report($"kill to resumed reading of every partition of {victim.Name}: {resumed.TotalSeconds:F1} s; to everything produced before the kill committed: {caughtUp.TotalSeconds:F1} s");
            Report($"after the kill, partitions per host: {Spread()}");

            await WaitForLoadAsync(probe, load, mode.LoadAfterRecovery);
            var replacement = StartHost(services);
            await WaitUntilServingAsync([replacement]);
            await Eventually.Until($"{replacement.Name} to take over partitions", () => Owners().Values.Any(o => o.Host == replacement), Failover);
            Report($"replacement {replacement.Name} joined, partitions per host: {Spread()}");

            // Rolling restart as Kubernetes does it with maxUnavailable 0: a new host first, then SIGTERM to an old one.
            foreach (var old in Live().ToList())
            {
                var next = StartHost(services);
                await WaitUntilServingAsync([next]);
                await Eventually.Until($"{next.Name} to take over partitions", () => Owners().Values.Any(o => o.Host == next), Failover);
                var stopped = Stopwatch.StartNew();
                Assert.Equal(0, await old.TerminateAsync(Stop));
                await Eventually.Until($"the partitions of {old.Name} to be read again", () => allPartitions.All(p => Owners().TryGetValue(p, out var o) && !o.Host.HasExited), Failover);
                Report($"rolled {old.Name} -> {next.Name}: SIGTERM to all partitions read again {stopped.Elapsed.TotalSeconds:F1} s; partitions per host: {Spread()}");
            }

            await load.StopAsync();
            Assert.Equal(0, load.DeliveryFailures);
            var produced = probe.HighWatermarks();
            await CommittedAsync(probe, produced, "the cluster to commit every produced event");
            Report($"{load.Produced} events produced, all committed; partitions per host: {Spread()}");

            // Partitions are spread over the live hosts: each reads some, none is read by a stopped one.
            var owners = Owners();
            Assert.True(owners.Keys.ToHashSet().SetEquals(allPartitions), $"partitions without a reader: {string.Join(", ", allPartitions.Except(owners.Keys))}");
            Assert.All(owners.Values, o => Assert.False(o.Host.HasExited, $"{o.Host.Name} has exited but was the last to read a partition"));
            Assert.All(Live(), h => Assert.Contains(owners.Values, o => o.Host == h));

            foreach (var host in Live().ToList())
            {
                Assert.Equal(0, await host.TerminateAsync(Stop));
            }

            await AssertEntitiesExactAsync(services, probe, load, actionsAfterRecovery);
        }
        catch
        {
            foreach (var host in _hosts)
            {
                output.WriteLine($"===== {host.Name} (exited: {host.HasExited}) =====\n{Tail(host)}");
            }

            throw;
        }
        finally
        {
            foreach (var host in _hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private async Task AssertEntitiesExactAsync(ClusterFixtureServices services, KafkaProbe probe, CommerceLoad load, Dictionary<Confluent.Kafka.TopicPartition, long> actionsAfterRecovery)
    {
        var stored = await StoredCustomers.ReadAsync(services.Azurite.ConnectionString, ClusterFixtureServices.StateContainer);
        var actions = probe.ReadAll(CommerceTopics.CustomerActions);
        var duplicates = actions.Count - actions.Select(a => a.IdempotencyKey).Distinct().Count();

        // The replacement and the rolling restart stop hosts gracefully: none of them may send an action again.
        var resentLater = actions.GroupBy(a => a.IdempotencyKey).Where(g => g.Count() > 1)
            .SelectMany(g => g.Skip(1)).Where(a => a.Position.Offset.Value >= actionsAfterRecovery.GetValueOrDefault(a.Position.TopicPartition)).ToList();
        Assert.True(resentLater.Count == 0, $"actions sent again after the recovery from the kill: {string.Join(", ", resentLater.Take(10).Select(a => $"{a.IdempotencyKey} at {a.Position}"))}");
        var actionsByCustomer = actions.DistinctBy(a => a.IdempotencyKey).ToLookup(a => a.Key);
        var checkedActions = 0;
        foreach (var (customerId, events) in load.ByCustomer)
        {
            // The oracle: the same entity definition run in process over the customer's events in produced order.
            var kit = EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), customerId);
            await kit.Send([.. events]);

            Assert.True(stored.TryGetValue(customerId, out var actual), $"customer {customerId} has no stored state");
            Assert.True(events.Count == actual.StateVersion, $"customer {customerId}: {events.Count} events produced, state version {actual.StateVersion}");
            Assert.Equal(Json(kit.State), Json(actual.State));

            var expected = kit.EmittedOf<DeviceVerificationRequested>().Select(a => $"{a.DeviceId}/{a.Country}").Order().ToList();
            var emitted = actionsByCustomer[customerId].Select(a => JsonSerializer.Deserialize<DeviceVerificationRequested>(a.Value, ReactorJson.Options)!).Select(a => $"{a.DeviceId}/{a.Country}").Order().ToList();
            Assert.True(expected.SequenceEqual(emitted), $"customer {customerId}: expected actions [{string.Join(", ", expected)}], emitted [{string.Join(", ", emitted)}]");
            checkedActions += expected.Count;
        }

        Assert.Equal(load.ByCustomer.Count, stored.Count);
        Report($"{stored.Count} customers exact ({load.Produced} events); {checkedActions} actions each emitted under one idempotency key; {duplicates} re-sent records with a key already emitted, all while recovering from the kill (at-least-once execution; consumers dedupe on reactor-idempotency-key), none after");
    }

    private static string Json(Customer customer) =>
        JsonSerializer.Serialize(new { Devices = customer.KnownDevices.Order().ToList(), customer.UnverifiedDevice, customer.LastCountry, customer.LifetimeSpend, customer.FailedPaymentsTotal });

    private ClusterHost StartHost(ClusterFixtureServices services)
    {
        var host = services.StartHost();
        _hosts.Add(host);
        Report($"started {host.Name} (silo port {host.SiloPort})");
        return host;
    }

    private IEnumerable<ClusterHost> Live() => _hosts.Where(h => !h.HasExited);

    private Dictionary<string, (ClusterHost Host, DateTime Since)> Owners() => PartitionOwnership.Current(Live());

    private string Spread() =>
        string.Join(", ", Live().Select(h => $"{h.Name} {Owners().Values.Count(o => o.Host == h)}"));

    private static async Task WaitUntilServingAsync(IReadOnlyList<ClusterHost> hosts)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Until(
            $"{string.Join(", ", hosts.Select(h => h.Name))} to answer 200 on /health/ready",
            async () =>
            {
                var exited = hosts.FirstOrDefault(h => h.HasExited);
                if (exited is not null)
                {
                    throw new InvalidOperationException($"{exited.Name} exited during start-up:\n{Tail(exited)}");
                }

                var ready = await Task.WhenAll(hosts.Select(h => h.IsReadyAsync(http)));
                return ready.All(r => r);
            },
            Start);
    }

    private async Task CommittedAsync(KafkaProbe probe, Dictionary<Confluent.Kafka.TopicPartition, long> ends, string what)
    {
        Dictionary<Confluent.Kafka.TopicPartition, long> committed = [];
        try
        {
            await Eventually.Until(what, async () =>
            {
                committed = await probe.CommittedAsync();
                return ends.All(e => committed[e.Key] >= e.Value);
            }, Failover);
        }
        catch (TimeoutException)
        {
            var owners = Owners();
            Report("behind: " + string.Join("; ", ends.Where(e => committed.GetValueOrDefault(e.Key) < e.Value).Select(e =>
                $"{e.Key.Topic}/{e.Key.Partition.Value} committed {committed.GetValueOrDefault(e.Key)} of {e.Value}, read by {(owners.TryGetValue($"{e.Key.Topic}/{e.Key.Partition.Value}", out var o) ? o.Host.Name : "nobody")}")));
            throw;
        }
    }

    private static async Task WaitForLoadAsync(KafkaProbe probe, CommerceLoad load, TimeSpan duration)
    {
        var before = load.Produced;
        var committedBefore = (await probe.CommittedAsync()).Values.Sum();
        await Eventually.Until($"the load to run for {duration} and the cluster to commit some of it", async () =>
            load.Produced - before >= duration.TotalSeconds * 0.9 * load.EventsPerSecond
            && (await probe.CommittedAsync()).Values.Sum() > committedBefore, duration + Failover);
    }

    private void Report(string line)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:F1}s] {line}");
        output.WriteLine(text);
        Console.WriteLine(text);
    }

    private static string Tail(ClusterHost host) => string.Join('\n', host.Lines.TakeLast(150).Select(l => $"{l.At:HH:mm:ss.fff} {l.Line}"));
}
