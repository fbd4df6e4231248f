using Reactor.Runtime.Grains;

namespace Reactor.Runtime.Tests.Grains;

public sealed class EntityWriteNoticesTests
{
    private static readonly GrainType Counter = GrainType.Create("counter");
    private static readonly GrainType Audit = GrainType.Create("audit");

    [Fact]
    public void A_write_of_an_expected_entity_covers_its_partition_up_to_the_written_offset_in_the_written_epoch()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Counter, "alice");
        Assert.False(partition.HasWritten(Counter, "alice"));
        Assert.False(partition.Covers(Counter, "alice", 0, 0));

        notices.Written(Counter, "alice", Positions(("orders/3", 41), ("orders/1", 99)), Epochs());

        Assert.True(partition.HasWritten(Counter, "alice"));
        Assert.True(partition.Covers(Counter, "alice", 41, 0));
        Assert.False(partition.Covers(Counter, "alice", 42, 0));
        Assert.False(partition.Covers(Counter, "alice", 41, 7));
    }

    [Fact]
    public void Positions_only_count_in_the_epoch_the_write_recorded_for_the_topic()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Counter, "alice");

        notices.Written(Counter, "alice", Positions(("orders/3", 500)), Epochs(("orders", 7), ("payments", 9)));
        Assert.True(partition.Covers(Counter, "alice", 500, 7));
        Assert.False(partition.Covers(Counter, "alice", 10, 0));

        // A rewind reset the entity: its next write is of the rebuilt state, at lower offsets in a newer epoch.
        notices.Written(Counter, "alice", Positions(("orders/3", 20)), Epochs(("orders", 8)));
        Assert.False(partition.Covers(Counter, "alice", 500, 7));
        Assert.True(partition.Covers(Counter, "alice", 20, 8));
    }

    [Fact]
    public void Writes_of_entities_not_expected_or_of_other_partitions_are_not_recorded()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Counter, "alice");

        notices.Written(Counter, "bob", Positions(("orders/3", 10)), Epochs());
        notices.Written(Counter, "alice", Positions(("orders/2", 10)), Epochs());
        notices.Written(Audit, "alice", Positions(("orders/3", 10)), Epochs());

        Assert.Equal(1, partition.Count);
        Assert.False(partition.HasWritten(Counter, "bob"));
        Assert.False(partition.HasWritten(Counter, "alice"));
    }

    [Fact]
    public void A_forgotten_or_cleared_entity_is_no_longer_covered()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Counter, "alice");
        partition.Expect(Counter, "bob");
        notices.Written(Counter, "alice", Positions(("orders/3", 10)), Epochs());
        notices.Written(Counter, "bob", Positions(("orders/3", 11)), Epochs());

        partition.Forget(Counter, "alice");
        Assert.False(partition.Covers(Counter, "alice", 10, 0));
        Assert.True(partition.Covers(Counter, "bob", 11, 0));

        partition.Clear();
        Assert.False(partition.Covers(Counter, "bob", 11, 0));
        Assert.Equal(0, partition.Count);
    }

    [Fact]
    public void A_newer_reader_of_a_partition_takes_over_and_the_older_one_stopping_does_not_unwatch_it()
    {
        var notices = new EntityWriteNotices();
        var older = notices.Watch("orders/3", "orders");
        using var newer = notices.Watch("orders/3", "orders");
        older.Expect(Counter, "alice");
        newer.Expect(Counter, "alice");

        older.Dispose();
        notices.Written(Counter, "alice", Positions(("orders/3", 10)), Epochs());

        Assert.True(newer.Covers(Counter, "alice", 10, 0));
        Assert.False(older.HasWritten(Counter, "alice"));

        newer.Dispose();
        notices.Written(Counter, "alice", Positions(("orders/3", 20)), Epochs());
        Assert.False(newer.Covers(Counter, "alice", 20, 0));
    }

    private static Dictionary<string, long> Positions(params (string Key, long Offset)[] positions) =>
        positions.ToDictionary(p => p.Key, p => p.Offset, StringComparer.Ordinal);

    private static Dictionary<string, long> Epochs(params (string Topic, long Epoch)[] epochs) =>
        epochs.ToDictionary(e => e.Topic, e => e.Epoch, StringComparer.Ordinal);
}
