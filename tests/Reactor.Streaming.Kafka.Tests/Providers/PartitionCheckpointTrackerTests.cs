using Reactor.Streaming.Kafka.Providers;

namespace Reactor.Streaming.Kafka.Tests.Providers;

/// <summary>Which entities a checkpoint must ask before it commits.</summary>
public sealed class PartitionCheckpointTrackerTests
{
    [Fact]
    public void Entities_a_checkpoint_found_durable_are_not_asked_again_for_the_same_offsets()
    {
        var tracker = Started();
        tracker.Delivering(0, "a");
        tracker.Delivering(1, "b");
        Deliver(tracker, 0, 1);

        tracker.ConfirmDurable("a", 0, tracker.Generation);

        Assert.Equal(["b"], Asked(tracker));
    }

    [Fact]
    public void An_entity_found_durable_is_asked_again_once_it_receives_a_later_event()
    {
        var tracker = Started();
        tracker.Delivering(0, "a");
        Deliver(tracker, 0);
        tracker.ConfirmDurable("a", 0, tracker.Generation);

        tracker.Delivering(1, "a");
        Deliver(tracker, 1);

        Assert.Equal([new KeyValuePair<string, long>("a", 1)], tracker.EntitiesBelow(tracker.Committable));
    }

    [Fact]
    public void Confirmations_from_before_a_reset_are_ignored_and_a_reset_forgets_earlier_ones()
    {
        var tracker = Started();
        tracker.Delivering(0, "a");
        Deliver(tracker, 0);
        var before = tracker.Generation;
        tracker.ConfirmDurable("a", 0, before);

        tracker.Reset(0);
        tracker.Delivering(0, "a");
        Deliver(tracker, 0);
        Assert.Equal(["a"], Asked(tracker));

        tracker.ConfirmDurable("a", 0, before);
        Assert.Equal(["a"], Asked(tracker));
    }

    [Fact]
    public void A_commit_forgets_the_confirmations_of_entities_it_covers()
    {
        var tracker = Started();
        tracker.Delivering(0, "a");
        Deliver(tracker, 0);
        tracker.ConfirmDurable("a", 5, tracker.Generation);
        tracker.MarkCommitted(1);

        // The same entity id again after the commit (a later event): asked, whatever was confirmed before.
        tracker.Delivering(1, "a");
        Deliver(tracker, 1);
        Assert.Equal(["a"], Asked(tracker));
    }

    [Fact]
    public void An_entity_with_events_on_both_sides_of_a_commit_is_asked_for_the_ones_below_and_kept_after_it()
    {
        var tracker = Started();
        tracker.Delivering(0, "a");
        tracker.Delivering(1, "b");
        tracker.Delivering(2, "a");
        tracker.Delivering(3, "a");
        tracker.Delivering(4, "b");
        Deliver(tracker, 0, 1, 2);

        Assert.Equal(3, tracker.Committable);
        Assert.Equal(
            [new KeyValuePair<string, long>("a", 2), new KeyValuePair<string, long>("b", 1)],
            tracker.EntitiesBelow(tracker.Committable).OrderBy(e => e.Key, StringComparer.Ordinal));

        var released = new List<string>();
        tracker.MarkCommitted(3, released);
        Assert.Empty(released);
        Assert.Equal(2, tracker.TouchedEntities);

        Deliver(tracker, 3, 4);
        Assert.Equal(
            [new KeyValuePair<string, long>("a", 3), new KeyValuePair<string, long>("b", 4)],
            tracker.EntitiesBelow(tracker.Committable).OrderBy(e => e.Key, StringComparer.Ordinal));
        tracker.MarkCommitted(4, released);
        Assert.Equal(["a"], released);
        Assert.False(tracker.IsTracking("a"));
        Assert.True(tracker.IsTracking("b"));
    }

    [Fact]
    public void An_offset_read_again_adds_nothing_and_reports_the_latest_as_previous()
    {
        var tracker = Started();
        Assert.Null(tracker.Delivering(5, "a"));
        Assert.Equal(5, tracker.Delivering(7, "a"));
        Assert.Equal(7, tracker.Delivering(6, "a"));

        var released = new List<string>();
        tracker.MarkCommitted(7, released);
        Assert.Empty(released);
        tracker.MarkCommitted(8, released);
        Assert.Equal(["a"], released);
        Assert.Equal(0, tracker.TouchedEntities);
    }

    [Fact]
    public void The_events_of_a_tracked_entity_share_one_entity_id_and_one_stream_until_it_is_released()
    {
        var tracker = Started();
        var first = new string('a', 3);
        var again = new string('a', 3);
        tracker.Delivering(0, ref first, out var firstStream);
        var kept = again;
        tracker.Delivering(1, ref kept, out var secondStream);

        Assert.Same(first, kept);
        Assert.Equal(firstStream, secondStream);
        Assert.Equal(Orleans.Runtime.StreamId.Create("orders", "aaa"), firstStream);

        Deliver(tracker, 0, 1);
        tracker.MarkCommitted(2);
        var later = new string('a', 3);
        var afterRelease = later;
        tracker.Delivering(2, ref afterRelease, out _);
        Assert.Same(later, afterRelease);
    }

    [Fact]
    public void A_commit_after_a_burst_of_entities_gives_back_the_room_it_took()
    {
        var tracker = Started();
        var quiet = tracker.TableCapacity;
        for (var offset = 0; offset < 50_000; offset++)
        {
            tracker.Delivering(offset, $"entity-{offset}");
            tracker.ConfirmDurable($"entity-{offset}", offset, tracker.Generation);
        }

        Deliver(tracker, [.. Enumerable.Range(0, 50_000).Select(o => (long)o)]);
        var afterBurst = tracker.TableCapacity;
        tracker.MarkCommitted(50_000);

        Assert.True(afterBurst >= 150_000, $"the burst should have grown the tables, to {afterBurst}");
        Assert.Equal(0, tracker.TouchedEntities);
        Assert.True(tracker.TableCapacity <= quiet + 3 * 4096, $"after the commit the tables still have room for {tracker.TableCapacity} entries");

        tracker.Delivering(50_000, "entity-0");
        Deliver(tracker, 50_000);
        Assert.Equal(["entity-0"], Asked(tracker));
    }

    private static PartitionCheckpointTracker Started()
    {
        var tracker = new PartitionCheckpointTracker("orders");
        tracker.Reset(0);
        return tracker;
    }

    private static void Deliver(PartitionCheckpointTracker tracker, params long[] offsets)
    {
        foreach (var offset in offsets)
        {
            tracker.Delivered(offset, tracker.Generation);
        }
    }

    private static string[] Asked(PartitionCheckpointTracker tracker) =>
        [.. tracker.EntitiesBelow(tracker.Committable).Select(e => e.Key).Order(StringComparer.Ordinal)];
}
