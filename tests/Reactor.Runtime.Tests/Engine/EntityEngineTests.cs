using System.Text;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Tests.Domain;

namespace Reactor.Runtime.Tests.Engine;

public sealed class EntityEngineTests
{
    private readonly RecordingEnvironment _environment = new();
    private readonly EventTypeRegistry _registry = new([
        new(TallyTypes.Added, typeof(Added)),
        new(TallyTypes.Boom, typeof(Boom)),
        new(TallyTypes.Noted, typeof(Noted)),
        new(TallyTypes.SumCrossed, typeof(SumCrossed)),
    ]);

    private long _nextOffset = 10;

    [Fact]
    public async Task Applies_events_in_order_and_counts_state_versions()
    {
        var engine = CreateEngine();

        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(5)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(7)));

        Assert.Equal([5, 7], engine.Document.State.Amounts);
        Assert.Equal(2, engine.Document.StateVersion);
        Assert.Equal(11, engine.Document.Positions["tallies/0"]);
        Assert.True(engine.IsDirty);
    }

    [Fact]
    public async Task Event_at_or_below_applied_position_is_dropped()
    {
        var engine = CreateEngine();
        var first = Envelope(TallyTypes.Added, new Added(5));
        await engine.ProcessAsync(first);

        var again = await engine.ProcessAsync(first);
        var older = await engine.ProcessAsync(first with { Position = first.Position with { Offset = first.Position.Offset - 1 } });

        Assert.Equal(ProcessOutcome.Duplicate, again.Outcome);
        Assert.Equal(ProcessOutcome.Duplicate, older.Outcome);
        Assert.Equal(1, engine.Document.StateVersion);
        Assert.Equal([5], engine.Document.State.Amounts);
    }

    [Fact]
    public async Task Event_whose_predecessor_was_never_applied_is_refused_without_moving_the_position()
    {
        var engine = CreateEngine();
        var applied = Envelope(TallyTypes.Added, new Added(1));
        await engine.ProcessAsync(applied);
        var lost = applied.Position.Offset + 5;

        var refused = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(2)) with { PreviousOffset = lost });
        var chained = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(3)) with { PreviousOffset = applied.Position.Offset });

        Assert.Equal(ProcessOutcome.Refused, refused.Outcome);
        Assert.Equal(ProcessOutcome.Applied, chained.Outcome);
        Assert.Equal([1, 3], engine.Document.State.Amounts);
    }

    [Fact]
    public async Task First_event_of_a_partition_with_a_predecessor_is_refused()
    {
        var engine = CreateEngine();

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(2)) with { PreviousOffset = 3 });

        Assert.Equal(ProcessOutcome.Refused, result.Outcome);
        Assert.Empty(engine.Document.Positions);
        Assert.False(engine.IsDirty);
    }

    [Fact]
    public async Task Positions_are_tracked_per_topic_partition()
    {
        var engine = CreateEngine();
        var onZero = Envelope(TallyTypes.Added, new Added(1));
        var onOne = onZero with { Id = "other", Position = new LogPosition("tallies", 1, onZero.Position.Offset) };

        await engine.ProcessAsync(onZero);
        var result = await engine.ProcessAsync(onOne);

        Assert.Equal(ProcessOutcome.Applied, result.Outcome);
        Assert.Equal(2, engine.Document.StateVersion);
    }

    [Fact]
    public async Task Throwing_handler_is_retried_then_dead_lettered_and_state_is_rolled_back()
    {
        var engine = CreateEngine(maxAttempts: 3);
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(5)));

        var boom = Envelope(TallyTypes.Boom, new Boom("bad day"));
        var result = await engine.ProcessAsync(boom);
        var next = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(2)));

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal(DeadLetterReason.HandlerFailed, result.DeadLetter!.Reason);
        Assert.Contains("3 time(s)", result.DeadLetter.Detail, StringComparison.Ordinal);
        Assert.Contains("bad day", result.DeadLetter.Detail, StringComparison.Ordinal);
        Assert.Equal(boom.Position, result.DeadLetter.Position);
        Assert.Equal(boom.Data.ToArray(), result.DeadLetter.OriginalBytes.ToArray());
        Assert.Equal(ProcessOutcome.Applied, next.Outcome);
        Assert.Equal([5, 2], engine.Document.State.Amounts);
        Assert.Equal(7, engine.Document.State.Sum);
        Assert.Equal(2, engine.Document.StateVersion);
        Assert.Null(next.DeadLetter);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(40)]
    public async Task Throwing_handler_after_several_events_leaves_the_state_exactly_as_before_the_event(int eventsBefore)
    {
        var engine = CreateEngine(maxAttempts: 3);
        for (var i = 1; i <= eventsBefore; i++)
        {
            await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(i)));
        }

        var before = JsonSerializer.Serialize(engine.Document.State, ReactorJson.Options);

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Boom, new Boom("bad day")));

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal(before, JsonSerializer.Serialize(engine.Document.State, ReactorJson.Options));
        Assert.Equal(eventsBefore, engine.Document.StateVersion);
    }

    [Fact]
    public async Task Throwing_handler_after_a_snapshot_and_later_events_leaves_the_state_exactly_as_before_the_event()
    {
        var engine = CreateEngine(maxAttempts: 2);
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(5)));
        await engine.ProcessAsync(Envelope(TallyTypes.Boom, new Boom("first")));
        var snapshot = engine.TakeSnapshot();
        engine.MarkPersisted();
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(7)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(9)));

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Boom, new Boom("second")));
        var next = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(1)));

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal([5], snapshot.Document.State.Amounts);
        Assert.Equal(ProcessOutcome.Applied, next.Outcome);
        Assert.Equal([5, 7, 9, 1], engine.Document.State.Amounts);
        Assert.Equal(22, engine.Document.State.Sum);
        Assert.Equal(4, engine.Document.State.Count);
    }

    [Fact]
    public async Task Handler_that_fails_once_then_succeeds_applies_the_event_once_over_the_rolled_back_state()
    {
        var failures = 1;
        var definition = new EntityDefinition<Tally>();
        definition.On<Added>((s, ev) =>
        {
            s.Amounts.Add(ev.Amount);
            if (ev.Amount == 99 && failures-- > 0)
            {
                throw new InvalidOperationException("transient");
            }

            s.Sum += ev.Amount;
        });
        var engine = new EntityEngine<Tally>("tally", "t-1", definition, _registry, new EngineOptions(MaxHandlerAttempts: 3), TimeProvider.System, _environment, new EntityDocument<Tally>());
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(1)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(2)));

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(99)));

        Assert.Equal(ProcessOutcome.Applied, result.Outcome);
        Assert.Equal([1, 2, 99], engine.Document.State.Amounts);
        Assert.Equal(102, engine.Document.State.Sum);
    }

    [Fact]
    public async Task Throwing_handler_that_applied_another_entitys_event_on_its_thread_rolls_back_to_its_own_state()
    {
        var otherDefinition = new EntityDefinition<Tally>();
        otherDefinition.On<Added>((s, ev) => s.Amounts.Add(ev.Amount));
        var other = new EntityEngine<Tally>("tally", "other", otherDefinition, _registry, new EngineOptions(MaxHandlerAttempts: 1), TimeProvider.System, _environment, new EntityDocument<Tally>());
        var definition = new EntityDefinition<Tally>();
        definition.On<Added>((s, ev) => s.Amounts.Add(ev.Amount));
        definition.On<Boom>((_, _) =>
        {
            // Applies the other entity's event on this thread (it completes synchronously), then fails.
            var applied = other.ProcessAsync(Envelope(TallyTypes.Added, new Added(500)) with { EntityId = "other" });
            Assert.True(applied.IsCompletedSuccessfully);
            throw new InvalidOperationException("after the other entity");
        });
        var engine = new EntityEngine<Tally>("tally", "t1", definition, _registry, new EngineOptions(MaxHandlerAttempts: 1), TimeProvider.System, _environment, new EntityDocument<Tally>());
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(1)));

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Boom, new Boom("bad day")));

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal([1], engine.Document.State.Amounts);
        Assert.Equal([500], other.Document.State.Amounts);
    }

    [Fact]
    public async Task Throwing_handler_keeps_what_a_reaction_changed_in_the_state_before_it()
    {
        var definition = new EntityDefinition<Tally>();
        definition.On<Added>((s, ev) => s.Amounts.Add(ev.Amount));
        definition.On<Boom>((_, ev) => throw new InvalidOperationException(ev.Why));
        definition.Rule("stamp").When(s => s.Amounts.Count >= 2).Then((_, s) => s.Sum = 1000);
        var engine = new EntityEngine<Tally>("tally", "t1", definition, _registry, new EngineOptions(MaxHandlerAttempts: 1), TimeProvider.System, _environment, new EntityDocument<Tally>());
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(1)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(2)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(3)));

        var result = await engine.ProcessAsync(Envelope(TallyTypes.Boom, new Boom("bad day")));

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal([1, 2, 3], engine.Document.State.Amounts);
        Assert.Equal(1000, engine.Document.State.Sum);
    }

    [Fact]
    public async Task Undecodable_payload_is_dead_lettered_with_original_bytes()
    {
        var engine = CreateEngine();
        var bad = Envelope(TallyTypes.Added, new { amount = "many" });

        var result = await engine.ProcessAsync(bad);

        Assert.Equal(ProcessOutcome.DeadLettered, result.Outcome);
        Assert.Equal(DeadLetterReason.UndecodablePayload, result.DeadLetter!.Reason);
        Assert.Equal("{\"amount\":\"many\"}", Encoding.UTF8.GetString(result.DeadLetter.OriginalBytes.Span));
        Assert.Equal(0, engine.Document.StateVersion);
        Assert.Equal(bad.Position.Offset, engine.Document.Positions[bad.Position.PartitionKey]);
    }

    [Fact]
    public async Task Unregistered_type_is_dead_lettered()
    {
        var engine = CreateEngine();

        var result = await engine.ProcessAsync(Envelope("test.tally.unknown", new Added(1)));

        Assert.Equal(DeadLetterReason.UnknownType, result.DeadLetter!.Reason);
        Assert.Contains("test.tally.unknown", result.DeadLetter.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_type_without_handler_is_skipped_and_position_advances()
    {
        var engine = CreateEngine();
        var noted = Envelope(TallyTypes.Noted, new Noted("hello"));

        var result = await engine.ProcessAsync(noted);

        Assert.Equal(ProcessOutcome.Skipped, result.Outcome);
        Assert.Equal(0, engine.Document.StateVersion);
        Assert.Equal(noted.Position.Offset, engine.Document.Positions[noted.Position.PartitionKey]);
    }

    [Fact]
    public async Task Rule_fires_once_per_crossing_and_its_decision_names_the_trigger()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(60)));
        var crossing = Envelope(TallyTypes.Added, new Added(50));

        var fired = await engine.ProcessAsync(crossing);
        var stillAbove = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(1)));

        var decision = Assert.Single(fired.Decisions);
        Assert.Empty(stillAbove.Decisions);
        Assert.Equal(("big-sum", 2), (decision.RuleId, decision.RuleVersion));
        Assert.Equal(crossing.Id, decision.TriggerEventId);
        Assert.Equal(crossing.Position, decision.TriggerPosition);
        Assert.Equal(2, decision.StateVersion);
        Assert.Equal("110", decision.Details["sum"]);
        var action = Assert.Single(decision.Actions);
        Assert.Equal(("emit", TallyTypes.AlertTopic, ActionOutcome.Succeeded), (action.Kind, action.Target, action.Outcome));
        Assert.Equal(decision.Id + "#0", action.IdempotencyKey);
        var emitted = Assert.Single(_environment.Emitted);
        Assert.Equal(("alerts-t1", action.IdempotencyKey), (emitted.EntityId, emitted.IdempotencyKey));
        using var json = JsonDocument.Parse(emitted.Json);
        Assert.Equal(TallyTypes.SumCrossed, json.RootElement.GetProperty("type").GetString());
        Assert.Equal(110, json.RootElement.GetProperty("data").GetProperty("sum").GetInt32());
        Assert.Equal(decision, Assert.Single(engine.UnpersistedDecisions));
    }

    [Fact]
    public async Task Emitted_events_carry_the_trace_parent_of_the_triggering_event()
    {
        var engine = CreateEngine();
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(150)) with { Headers = new Dictionary<string, string> { ["traceparent"] = traceParent } });

        Assert.Equal(traceParent, Assert.Single(_environment.Emitted).TraceParent);
    }

    [Fact]
    public async Task Rule_fires_again_after_condition_turned_false_and_true_again()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(100)));
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(-50)));
        var second = await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(50)));

        Assert.Single(second.Decisions);
        Assert.Equal(2, engine.Document.RecentDecisions.Count);
    }

    [Fact]
    public async Task Decision_id_is_deterministic_for_the_same_rule_version_and_trigger()
    {
        var first = CreateEngine();
        var second = CreateEngine();
        var trigger = Envelope(TallyTypes.Added, new Added(150));

        var a = await first.ProcessAsync(trigger);
        var b = await second.ProcessAsync(trigger);

        Assert.Equal(a.Decisions[0].Id, b.Decisions[0].Id);
        Assert.Equal(DecisionRecord.CreateId("tally", "t1", "big-sum", 2, trigger.Position), a.Decisions[0].Id);
    }

    [Fact]
    public async Task MarkPersisted_clears_dirty_flag_and_unpersisted_decisions()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Envelope(TallyTypes.Added, new Added(150)));

        engine.MarkPersisted();

        Assert.False(engine.IsDirty);
        Assert.Equal(0, engine.EventsSincePersisted);
        Assert.Empty(engine.UnpersistedDecisions);
        Assert.Single(engine.Document.RecentDecisions);
    }

    private EntityEngine<Tally> CreateEngine(int maxAttempts = 3)
    {
        var definition = new EntityDefinition<Tally>();
        TallyDefinition.Define(definition);
        return new EntityEngine<Tally>("tally", "t1", definition, _registry, new EngineOptions(maxAttempts), TimeProvider.System, _environment, new EntityDocument<Tally>());
    }

    private EventEnvelope Envelope(string type, object data) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests",
        Type = type,
        EntityId = "t1",
        Time = DateTimeOffset.UtcNow,
        Position = new LogPosition(TallyTypes.Topic, 0, _nextOffset++),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
