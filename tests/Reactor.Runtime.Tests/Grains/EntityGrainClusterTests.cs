using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>Entity grains on a real in-process Orleans silo, fed through the in-process source and memory streams.</summary>
public sealed class EntityGrainClusterTests : IAsyncLifetime
{
    private ReactorTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Events_for_1000_entities_give_exactly_the_expected_states()
    {
        const int entities = 1_000;
        const int eventsPerEntity = 5;
        var expected = new Dictionary<string, List<int>>();
        var random = new Random(42);
        for (var round = 0; round < eventsPerEntity; round++)
        {
            var publishes = new List<Task>(entities);
            for (var e = 0; e < entities; e++)
            {
                var id = $"bulk-{e}";
                var amount = random.Next(-5, 20);
                (expected.TryGetValue(id, out var list) ? list : expected[id] = []).Add(amount);
                publishes.Add(_cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, id, new Added(amount))));
            }

            await Task.WhenAll(publishes);
        }

        await Eventually.Until($"all {entities} entities applied {eventsPerEntity} events", async () =>
        {
            var snapshots = await Task.WhenAll(expected.Keys.Select(id => _cluster.Client.GetGrain<ITallyGrain>(id).GetSnapshotAsync()));
            return snapshots.All(s => s.StateVersion == eventsPerEntity);
        });

        foreach (var (id, amounts) in expected)
        {
            var state = (await _cluster.Client.GetGrain<ITallyGrain>(id).GetSnapshotAsync()).GetState<Tally>();
            Assert.Equal(amounts, state.Amounts);
            Assert.Equal(amounts.Sum(), state.Sum);
        }

        Assert.Empty(_cluster.DeadLetters);
    }

    [Fact]
    public async Task Redelivered_event_is_not_applied_twice()
    {
        var grain = _cluster.Client.GetGrain<ITallyGrain>("redelivery");
        var first = Envelope("redelivery", new Added(5), offset: 100);
        var stream = _cluster.SiloServices.GetRequiredService<IClusterClient>().GetStreamProvider("reactor").GetStream<EventEnvelope>(StreamId.Create(TallyTypes.Topic, "redelivery"));

        await stream.OnNextAsync(first);
        await stream.OnNextAsync(first);
        await stream.OnNextAsync(first with { Id = "older", Position = first.Position with { Offset = 99 } });
        await stream.OnNextAsync(Envelope("redelivery", new Added(7), offset: 101));

        await Eventually.Until("the event after the redeliveries is applied", async () => (await grain.GetSnapshotAsync()).Positions.GetValueOrDefault("tallies/0") == 101);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(2, snapshot.StateVersion);
        Assert.Equal([5, 7], snapshot.GetState<Tally>().Amounts);
    }

    [Fact]
    public async Task Rule_fires_once_when_condition_becomes_true_and_decision_names_triggering_event()
    {
        var grain = _cluster.Client.GetGrain<ITallyGrain>("rule");
        await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "rule", new Added(60)));
        var trigger = await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "rule", new Added(50), id: "the-trigger"));
        await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "rule", new Added(1)));
        await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "rule", new Added(1)));

        await Eventually.Until("four events applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 4);
        var decisions = await grain.GetDecisionsAsync(DateTimeOffset.UtcNow.AddHours(-1));

        var decision = Assert.Single(decisions);
        Assert.Equal(("big-sum", 2), (decision.RuleId, decision.RuleVersion));
        Assert.Equal("the-trigger", decision.TriggerEventId);
        Assert.Equal(trigger.Position, decision.TriggerPosition);
        Assert.Equal(2, decision.StateVersion);

        // The emit runs from the outbox once durable; the decision records its completion.
        await Eventually.Until("the emit completed", async () =>
            Assert.Single(Assert.Single(await grain.GetDecisionsAsync(DateTimeOffset.UtcNow.AddHours(-1))).Actions).Outcome == ActionOutcome.Succeeded);

        // The emitted event flows back through the source to the entity that reacts to its topic.
        var alerts = _cluster.Client.GetGrain<IAlertGrain>("alerts-rule");
        await Eventually.Until("the emitted alert reaches the alert entity", async () => (await alerts.GetSnapshotAsync()).StateVersion == 1);
        var alert = Assert.Single((await alerts.GetSnapshotAsync()).GetState<AlertLog>().Alerts);
        Assert.Equal(new SumCrossed("rule", 110), alert);
    }

    [Fact]
    public async Task Handler_that_throws_dead_letters_its_event_and_entity_processes_the_next()
    {
        var grain = _cluster.Client.GetGrain<ITallyGrain>("thrower");
        await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "thrower", new Added(3)));
        var boom = await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Boom, "thrower", new Boom("handler broke"), id: "boom-1"));
        await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "thrower", new Added(4)));

        await Eventually.Until("the event after the failing one is applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 2);
        var state = (await grain.GetSnapshotAsync()).GetState<Tally>();
        Assert.Equal([3, 4], state.Amounts);
        Assert.Equal(7, state.Sum);
        var deadLetter = Assert.Single(_cluster.DeadLetters);
        Assert.Equal(DeadLetterReason.HandlerFailed, deadLetter.Reason);
        Assert.Equal("boom-1", deadLetter.EventId);
        Assert.Equal(boom.Position, deadLetter.Position);
        Assert.Contains("handler broke", deadLetter.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_types_and_undecodable_payloads_are_dead_lettered_with_reasons()
    {
        var unknown = await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create("test.tally.never-registered", "bad", new Added(1)));
        var malformed = await _cluster.PublishAsync(TallyTypes.Topic, Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":"), key: "bad");
        var notCloudEvent = await _cluster.PublishAsync(TallyTypes.Topic, Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"), key: "bad");
        var noEntity = await _cluster.PublishAsync(TallyTypes.Topic, Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"test.tally.added\",\"data\":{\"amount\":1}}"));
        var undecodable = await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "bad", new { amount = "lots" }, id: "undecodable-1"));

        Assert.Equal(DeadLetterReason.UnknownType, unknown.Rejection);
        Assert.Equal(DeadLetterReason.InvalidEnvelope, malformed.Rejection);
        Assert.Equal(DeadLetterReason.InvalidEnvelope, notCloudEvent.Rejection);
        Assert.Equal(DeadLetterReason.MissingEntityId, noEntity.Rejection);
        Assert.True(undecodable.Accepted, "the envelope is valid; the payload fails in the grain");

        await Eventually.Until("five dead letters", () => _cluster.DeadLetters.Count == 5);
        var byReason = _cluster.DeadLetters.ToLookup(d => d.Reason);
        Assert.Contains("never-registered", Assert.Single(byReason[DeadLetterReason.UnknownType]).Detail, StringComparison.Ordinal);
        Assert.Equal(2, byReason[DeadLetterReason.InvalidEnvelope].Count());
        Assert.Single(byReason[DeadLetterReason.MissingEntityId]);
        var payloadFailure = Assert.Single(byReason[DeadLetterReason.UndecodablePayload]);
        Assert.Equal("undecodable-1", payloadFailure.EventId);
        Assert.Equal("{\"amount\":\"lots\"}", Encoding.UTF8.GetString(payloadFailure.OriginalBytes.Span));
        Assert.Equal("{\"specversion\":\"1.0\",\"id\":", Encoding.UTF8.GetString(_cluster.DeadLetters.First(d => d.Position == malformed.Position).OriginalBytes.Span));
        Assert.Equal(0, (await _cluster.Client.GetGrain<ITallyGrain>("bad").GetSnapshotAsync()).StateVersion);
    }

    [Fact]
    public async Task Subscriptions_reach_the_entities_of_a_topic_and_flush_reports_durable_positions()
    {
        var published = await _cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "flushing", new Added(1)));
        var subscriptions = _cluster.SiloServices.GetRequiredService<Reactor.Runtime.Grains.EntitySubscriptions>();
        var entity = Assert.Single(subscriptions.EntitiesFor(TallyTypes.Topic, "flushing"));
        await Eventually.Until("the event is applied", async () => (await entity.GetSnapshotAsync()).StateVersion == 1);

        var durable = await entity.FlushAsync();

        Assert.Equal(published.Position.Offset, durable[published.Position.PartitionKey]);
        Assert.Empty(subscriptions.EntitiesFor("no-such-topic", "flushing"));
        Assert.Contains(TallyTypes.AlertTopic, subscriptions.Topics);
    }

    private static EventEnvelope Envelope(string entityId, object data, long offset) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests",
        Type = TallyTypes.Added,
        EntityId = entityId,
        Time = DateTimeOffset.UtcNow,
        Position = new LogPosition(TallyTypes.Topic, 0, offset),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
