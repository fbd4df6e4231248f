using Reactor.Runtime.Grains;

namespace Reactor.Runtime.Tests.Grains;

public sealed class EntityWriteNoticesTests
{
    private static readonly GrainType Counter = GrainType.Create("counter");
    private static readonly GrainId Alice = GrainId.Create(Counter, "alice");
    private static readonly GrainId Bob = GrainId.Create(Counter, "bob");

    [Fact]
    public void A_write_of_an_expected_entity_covers_its_partition_up_to_the_written_offset_in_the_written_epoch()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Alice);
        Assert.False(partition.HasWritten(Alice));
        Assert.False(partition.Covers(Alice, 0, 0));

        notices.Written(Alice, Positions(("orders/3", 41), ("orders/1", 99)), Epochs());

        Assert.True(partition.HasWritten(Alice));
        Assert.True(partition.Covers(Alice, 41, 0));
        Assert.False(partition.Covers(Alice, 42, 0));
        Assert.False(partition.Covers(Alice, 41, 7));
    }

    [Fact]
    public void Positions_only_count_in_the_epoch_the_write_recorded_for_the_topic()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Alice);

        notices.Written(Alice, Positions(("orders/3", 500)), Epochs(("orders", 7), ("payments", 9)));
        Assert.True(partition.Covers(Alice, 500, 7));
        Assert.False(partition.Covers(Alice, 10, 0));

        // A rewind reset the entity: its next write is of the rebuilt state, at lower offsets in a newer epoch.
        notices.Written(Alice, Positions(("orders/3", 20)), Epochs(("orders", 8)));
        Assert.False(partition.Covers(Alice, 500, 7));
        Assert.True(partition.Covers(Alice, 20, 8));
    }

    [Fact]
    public void Writes_of_entities_not_expected_or_of_other_partitions_are_not_recorded()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Alice);

        notices.Written(Bob, Positions(("orders/3", 10)), Epochs());
        notices.Written(Alice, Positions(("orders/2", 10)), Epochs());

        Assert.Equal(1, partition.Count);
        Assert.False(partition.HasWritten(Bob));
        Assert.False(partition.HasWritten(Alice));
    }

    [Fact]
    public void A_forgotten_or_cleared_entity_is_no_longer_covered()
    {
        var notices = new EntityWriteNotices();
        using var partition = notices.Watch("orders/3", "orders");
        partition.Expect(Alice);
        partition.Expect(Bob);
        notices.Written(Alice, Positions(("orders/3", 10)), Epochs());
        notices.Written(Bob, Positions(("orders/3", 11)), Epochs());

        partition.Forget(Alice);
        Assert.False(partition.Covers(Alice, 10, 0));
        Assert.True(partition.Covers(Bob, 11, 0));

        partition.Clear();
        Assert.False(partition.Covers(Bob, 11, 0));
        Assert.Equal(0, partition.Count);
    }

    [Fact]
    public void A_newer_reader_of_a_partition_takes_over_and_the_older_one_stopping_does_not_unwatch_it()
    {
        var notices = new EntityWriteNotices();
        var older = notices.Watch("orders/3", "orders");
        using var newer = notices.Watch("orders/3", "orders");
        older.Expect(Alice);
        newer.Expect(Alice);

        older.Dispose();
        notices.Written(Alice, Positions(("orders/3", 10)), Epochs());

        Assert.True(newer.Covers(Alice, 10, 0));
        Assert.False(older.HasWritten(Alice));

        newer.Dispose();
        notices.Written(Alice, Positions(("orders/3", 20)), Epochs());
        Assert.False(newer.Covers(Alice, 20, 0));
    }

    private static Dictionary<string, long> Positions(params (string Key, long Offset)[] positions) =>
        positions.ToDictionary(p => p.Key, p => p.Offset, StringComparer.Ordinal);

    private static Dictionary<string, long> Epochs(params (string Topic, long Epoch)[] epochs) =>
        epochs.ToDictionary(e => e.Topic, e => e.Epoch, StringComparer.Ordinal);
}
