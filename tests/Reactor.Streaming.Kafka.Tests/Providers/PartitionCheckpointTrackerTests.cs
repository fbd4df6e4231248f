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

    private static PartitionCheckpointTracker Started()
    {
        var tracker = new PartitionCheckpointTracker();
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
