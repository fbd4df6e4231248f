using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Tests.Domain;

namespace Reactor.Runtime.Tests.Engine;

/// <summary>The engine's outbox mode: actions wait in the document until a write makes them durable, then the host runs them.</summary>
public sealed class EntityEngineOutboxTests
{
    private readonly RecordingEnvironment _environment = new();
    private readonly EventTypeRegistry _registry = new([new(TallyTypes.Added, typeof(Added)), new(TallyTypes.SumCrossed, typeof(SumCrossed))]);
    private long _nextOffset = 10;

    [Fact]
    public async Task Action_waits_in_the_outbox_until_durable_and_its_completion_updates_the_decision()
    {
        var engine = CreateEngine();

        var decision = Assert.Single((await engine.ProcessAsync(Envelope(new Added(150)))).Decisions);

        Assert.Empty(_environment.Emitted);
        var action = Assert.Single(decision.Actions);
        Assert.Equal(ActionOutcome.Pending, action.Outcome);
        var entry = Assert.Single(engine.Document.Outbox);
        Assert.Equal((action.IdempotencyKey, OutboxWork.Emit, TallyTypes.AlertTopic, "alerts-t1"), (entry.Key, entry.Work, entry.Target, entry.EventKey));
        Assert.True(engine.HasUndurableActions);
        Assert.Empty(engine.UnpersistedDecisions); // the log gets the decision once its actions completed

        var snapshot = engine.TakeSnapshot();
        engine.MarkPersisted();
        Assert.Equal([entry.Key], snapshot.NewOutboxKeys);
        Assert.True(Assert.Single(snapshot.Document.Outbox).IsPending);
        Assert.Same(entry, Assert.Single(engine.DurableActions(snapshot)));

        var updated = engine.CompleteAction(entry.Key, new ActionCompletion(ActionOutcome.Succeeded, Report: new ActionReport(new Dictionary<string, string> { ["k"] = "v" })));

        Assert.NotNull(updated);
        Assert.Equal(ActionOutcome.Succeeded, Assert.Single(updated.Actions).Outcome);
        Assert.Equal("v", Assert.Single(updated.Actions).Details!["k"]);
        Assert.Same(updated, Assert.Single(engine.UnpersistedDecisions));
        Assert.Equal(updated, Assert.Single(engine.Document.RecentDecisions));
        Assert.Empty(engine.PendingActions);
        Assert.Null(engine.CompleteAction(entry.Key, new ActionCompletion(ActionOutcome.Succeeded)));
    }

    [Fact]
    public async Task Failed_write_keeps_the_entries_undurable_for_the_next_write()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Envelope(new Added(150)));
        var snapshot = engine.TakeSnapshot();
        engine.MarkPersisted();

        engine.PersistFailed(snapshot);

        Assert.True(engine.HasUndurableActions);
        Assert.Equal(snapshot.NewOutboxKeys, engine.TakeSnapshot().NewOutboxKeys);
    }

    [Fact]
    public async Task Pending_entry_survives_the_stored_form_and_is_pending_after_a_restart()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Envelope(new Added(150)));

        var stored = JsonSerializer.SerializeToUtf8Bytes(engine.TakeSnapshot().Document, ReactorJson.Options);
        var restarted = CreateEngine(JsonSerializer.Deserialize<EntityDocument<Tally>>(stored, ReactorJson.Options));

        var entry = Assert.Single(restarted.PendingActions);
        Assert.Contains("\"type\":\"test.tally.sum-crossed\"", entry.Content, StringComparison.Ordinal);
        Assert.False(restarted.HasUndurableActions); // it came from storage
    }

    [Fact]
    public void Document_and_action_records_written_before_the_outbox_read_with_it_empty()
    {
        const string stored = """
            {"schemaVersion":1,"stateVersion":1,"positions":{"tallies/0":5},"state":{"count":1,"sum":150,"amounts":[150]},
             "recentDecisions":[{"id":"d","entityType":"tally","entityId":"t1","ruleId":"big-sum","ruleVersion":2,"triggerEventId":"e",
               "triggerEventType":"test.tally.added","triggerPosition":{"topic":"tallies","partition":0,"offset":5},"stateVersion":1,
               "eventTime":"2026-01-01T00:00:00+00:00","decidedAt":"2026-01-01T00:00:00+00:00",
               "actions":[{"kind":"emit","target":"tally-alerts","idempotencyKey":"d#0","payload":"{}","outcome":"succeeded"}]}]}
            """;

        var document = JsonSerializer.Deserialize<EntityDocument<Tally>>(stored, ReactorJson.Options)!;

        Assert.Empty(document.Outbox);
        var action = Assert.Single(Assert.Single(document.RecentDecisions).Actions);
        Assert.Equal(ActionOutcome.Succeeded, action.Outcome);
        Assert.Null(action.Details);
        Assert.Null(action.Steps);
    }

    private EntityEngine<Tally> CreateEngine(EntityDocument<Tally>? document = null)
    {
        var definition = new EntityDefinition<Tally>();
        TallyDefinition.Define(definition);
        return new EntityEngine<Tally>("tally", "t1", definition, _registry, new EngineOptions(UseOutbox: true), TimeProvider.System, _environment, document ?? new EntityDocument<Tally>());
    }

    private EventEnvelope Envelope(object data) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests",
        Type = TallyTypes.Added,
        EntityId = "t1",
        Time = DateTimeOffset.UtcNow,
        Position = new LogPosition(TallyTypes.Topic, 0, _nextOffset++),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
