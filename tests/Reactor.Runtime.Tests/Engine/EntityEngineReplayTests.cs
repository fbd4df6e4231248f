using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Tests.Domain;

namespace Reactor.Runtime.Tests.Engine;

/// <summary>How an entity rebuilds itself when the transport replays its topics after a rewind (replay epochs).</summary>
public sealed class EntityEngineReplayTests
{
    private const string OtherTopic = "tally-notes";
    private readonly RecordingEnvironment _environment = new();
    private readonly EventTypeRegistry _registry = new([
        new(TallyTypes.Added, typeof(Added)),
        new(TallyTypes.SumCrossed, typeof(SumCrossed)),
    ]);

    [Fact]
    public async Task Higher_epoch_resets_the_state_and_rebuilds_it_from_the_replayed_events()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Added(10, 5));
        await engine.ProcessAsync(Added(11, 7));

        var first = await engine.ProcessAsync(Added(10, 5) with { Epoch = 1, EpochTopics = [TallyTypes.Topic] });
        await engine.ProcessAsync(Added(11, 7) with { Epoch = 1, EpochTopics = [TallyTypes.Topic] });

        Assert.Equal(ProcessOutcome.Applied, first.Outcome);
        Assert.Equal([5, 7], engine.Document.State.Amounts);
        Assert.Equal(2, engine.Document.StateVersion);
        Assert.Equal(1, engine.Document.Epochs[TallyTypes.Topic]);
    }

    [Fact]
    public async Task Event_read_before_the_rewind_is_superseded_once_the_entity_was_rebuilt()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Added(20, 1) with { Epoch = 3, EpochTopics = [TallyTypes.Topic] });

        var stale = await engine.ProcessAsync(Added(21, 100));

        Assert.Equal(ProcessOutcome.Superseded, stale.Outcome);
        Assert.Equal([1], engine.Document.State.Amounts);
    }

    [Fact]
    public async Task Rebuild_marks_every_rewound_topic_so_their_old_events_are_dropped_too()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Added(10, 5, OtherTopic));

        await engine.ProcessAsync(Added(30, 1) with { Epoch = 2, EpochTopics = [TallyTypes.Topic, OtherTopic] });
        var oldFromOtherTopic = await engine.ProcessAsync(Added(11, 9, OtherTopic));
        var replayedFromOtherTopic = await engine.ProcessAsync(Added(10, 5, OtherTopic) with { Epoch = 2, EpochTopics = [TallyTypes.Topic, OtherTopic] });

        Assert.Equal(ProcessOutcome.Superseded, oldFromOtherTopic.Outcome);
        Assert.Equal(ProcessOutcome.Applied, replayedFromOtherTopic.Outcome);
        Assert.Equal([1, 5], engine.Document.State.Amounts);
    }

    [Fact]
    public async Task Topics_outside_the_rewind_keep_their_positions_so_nothing_of_them_is_applied_twice()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Added(10, 5, OtherTopic));

        await engine.ProcessAsync(Added(30, 1) with { Epoch = 2, EpochTopics = [TallyTypes.Topic] });
        var redelivered = await engine.ProcessAsync(Added(10, 5, OtherTopic));

        Assert.Equal(ProcessOutcome.Duplicate, redelivered.Outcome);
        Assert.Equal([1], engine.Document.State.Amounts);
    }

    [Fact]
    public async Task Replayed_history_records_decisions_with_the_original_ids_and_suppresses_side_effects()
    {
        var engine = CreateEngine();
        var original = await engine.ProcessAsync(Added(10, 150));
        Assert.Single(_environment.Emitted);

        var replayed = await engine.ProcessAsync(Added(10, 150) with { Epoch = 1, EpochTopics = [TallyTypes.Topic], IsReplay = true });

        var decision = Assert.Single(replayed.Decisions);
        Assert.Equal(Assert.Single(original.Decisions).Id, decision.Id);
        Assert.Equal(ActionOutcome.Suppressed, Assert.Single(decision.Actions).Outcome);
        Assert.Single(_environment.Emitted);
        Assert.Null(replayed.Freshness);
        Assert.Equal(ActionOutcome.Succeeded, Assert.Single(Assert.Single(engine.Document.RecentDecisions).Actions).Outcome);
    }

    [Fact]
    public async Task Events_after_the_replayed_history_run_their_side_effects()
    {
        var engine = CreateEngine();
        await engine.ProcessAsync(Added(10, 50) with { Epoch = 1, EpochTopics = [TallyTypes.Topic], IsReplay = true });

        var live = await engine.ProcessAsync(Added(11, 60) with { Epoch = 1, EpochTopics = [TallyTypes.Topic] });

        Assert.Equal(ActionOutcome.Succeeded, Assert.Single(Assert.Single(live.Decisions).Actions).Outcome);
        Assert.Single(_environment.Emitted);
    }

    private EntityEngine<Tally> CreateEngine()
    {
        var definition = new EntityDefinition<Tally>();
        TallyDefinition.Define(definition);
        return new EntityEngine<Tally>("tally", "t1", definition, _registry, new EngineOptions(3), TimeProvider.System, _environment, new EntityDocument<Tally>());
    }

    private static EventEnvelope Added(long offset, int amount, string topic = TallyTypes.Topic) => new()
    {
        Id = $"{topic}-{offset}",
        Source = "/tests",
        Type = TallyTypes.Added,
        EntityId = "t1",
        Time = DateTimeOffset.UtcNow,
        Position = new LogPosition(topic, 0, offset),
        Data = JsonSerializer.SerializeToUtf8Bytes(new Added(amount), ReactorJson.Options),
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
