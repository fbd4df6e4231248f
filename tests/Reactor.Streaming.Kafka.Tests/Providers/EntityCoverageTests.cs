using Reactor.Abstractions;
using Reactor.Streaming.Kafka.Providers;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Tests.Providers;

/// <summary>What an entity's answer to a checkpoint means for the offset a partition reader wants to commit.</summary>
public sealed class EntityCoverageTests
{
    private const string Topic = "orders";
    private const string Key = "orders/3";

    [Theory]
    [InlineData(120, 120, "Durable")]
    [InlineData(120, 90, "Pending")]
    [InlineData(90, 90, "Lost")]
    public void Positions_decide_within_the_stamped_epoch(long applied, long durable, string expected) =>
        Assert.Equal(expected, EntityCoverage.Judge(Answer(applied, durable, epoch: 2), Key, Topic, offset: 100, epoch: 2).ToString());

    [Fact]
    public void An_activation_at_an_older_epoch_lost_the_rebuild_whatever_its_old_positions_cover()
    {
        // Its silo died before it wrote the replayed events; storage gave the new activation the state from before the rewind.
        var answer = Answer(applied: 5_000, durable: 5_000, epoch: 0);

        Assert.Equal(FlushOutcome.Lost, EntityCoverage.Judge(answer, Key, Topic, offset: 100, epoch: 1));
    }

    [Fact]
    public void An_entity_already_reset_by_a_newer_rewind_is_waited_for_rather_than_counted()
    {
        var answer = Answer(applied: 5, durable: 5, epoch: 3);

        Assert.Equal(FlushOutcome.Pending, EntityCoverage.Judge(answer, Key, Topic, offset: 100, epoch: 2));
    }

    [Fact]
    public void An_answer_without_epochs_from_an_older_silo_is_judged_by_positions()
    {
        var answer = new EntityDurability(Positions(120), Positions(120));

        Assert.Equal(FlushOutcome.Durable, EntityCoverage.Judge(answer, Key, Topic, offset: 100, epoch: 1));
    }

    [Fact]
    public void Epochs_of_other_topics_do_not_count()
    {
        var answer = Answer(applied: 120, durable: 120, epoch: 0) with { Epochs = new Dictionary<string, long> { ["payments"] = 4 } };

        Assert.Equal(FlushOutcome.Durable, EntityCoverage.Judge(answer, Key, Topic, offset: 100, epoch: 0));
    }

    [Fact]
    public void The_epoch_stamped_on_an_entity_is_its_own_rewinds_when_newer_than_the_topics()
    {
        var rewinds = new PartitionRewindState(
        [
            Rewind(id: 1, entityId: null),
            Rewind(id: 2, entityId: "c-7"),
        ]);

        Assert.Equal(2, rewinds.EpochOf("c-7"));
        Assert.Equal(1, rewinds.EpochOf("c-8"));
        Assert.Equal(0, PartitionRewindState.None.EpochOf("c-7"));
    }

    private static EntityDurability Answer(long applied, long durable, long epoch) =>
        new(Positions(applied), Positions(durable), epoch == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { [Topic] = epoch });

    private static Dictionary<string, long> Positions(long offset) => new() { [Key] = offset };

    private static KafkaPartitionRewind Rewind(long id, string? entityId) => new()
    {
        Id = id,
        Topics = [Topic],
        EntityId = entityId,
        Target = KafkaRewindTarget.Earliest,
        Started = true,
        From = 0,
        End = 10,
        Committed = 10,
        Position = 10,
    };
}
