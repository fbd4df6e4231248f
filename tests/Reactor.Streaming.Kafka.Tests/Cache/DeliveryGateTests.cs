using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;
using static Reactor.Streaming.Kafka.Tests.Cache.AgentDeliveryLoop;

namespace Reactor.Streaming.Kafka.Tests.Cache;

[Trait("Suite", "Cache")]
public sealed class DeliveryGateTests
{
    private static EntityIndexedQueueCache NewCache(int maxDeliveriesInFlight, int maxCachedEvents = 1_000, int batchSize = 1) =>
        new(
            QueueId.GetQueueId("test", 0, 0),
            new KafkaQueueCacheOptions { MaxCachedEvents = maxCachedEvents, MaxEventsPerRead = 100, MaxDeliveriesInFlight = maxDeliveriesInFlight },
            new CacheMemoryBudget(KafkaQueueCacheOptions.DefaultMaxCachedBytes),
            batchSize,
            NullLogger.Instance);

    private static StreamId Stream(string entity) => StreamId.Create(TestBatchContainer.Namespace, entity);

    private static void Add(EntityIndexedQueueCache cache, params (string Entity, long Offset)[] events) =>
        cache.AddToCache(events.Select(e => (IBatchContainer)TestBatchContainer.For(e.Entity, e.Offset)).ToList());

    private static List<long> Offsets(IEnumerable<TestBatchContainer> containers) => containers.Select(c => c.Offset).ToList();

    [Fact]
    public void A_stream_over_the_limit_waits_and_is_woken_with_its_events_still_cached_once_a_slot_frees()
    {
        var cache = NewCache(maxDeliveriesInFlight: 1);
        Add(cache, ("a", 0), ("b", 1), ("a", 2), ("b", 3));
        using var a = cache.OpenCursor(Stream("a"), new EventSequenceTokenV2(0));
        using var b = cache.OpenCursor(Stream("b"), new EventSequenceTokenV2(0));

        Assert.Equal([0], Offsets(NextBatch(a, 1)));
        Assert.Empty(NextBatch(b, 1));
        Assert.Equal(1, cache.Gate.InFlight);
        Assert.Equal(1, cache.Gate.Waiting);
        Assert.Empty(cache.TakeWakeUps());
        Assert.Equal(1, cache.TakeUnreportedHeldBack());
        Assert.Equal(0, cache.TakeUnreportedHeldBack());

        // a's next batch gives its slot back, and with b waiting a yields instead of taking it again.
        Assert.Empty(NextBatch(a, 1));
        Assert.Equal(0, cache.Gate.InFlight);

        var wakeUp = Assert.Single(cache.TakeWakeUps());
        Assert.Equal(Stream("b"), wakeUp.StreamId);
        Assert.Equal(1, wakeUp.SequenceToken.SequenceNumber);
        Assert.Equal([1], Offsets(NextBatch(b, 1)));

        // b has another event, but a waits: b yields its slot and queues behind a.
        Assert.Empty(NextBatch(b, 1));
        Assert.Equal(Stream("a"), Assert.Single(cache.TakeWakeUps()).StreamId);
        Assert.Equal([2], Offsets(DrainAll(a, 1)));
        Assert.Equal(Stream("b"), Assert.Single(cache.TakeWakeUps()).StreamId);
        Assert.Equal([3], Offsets(DrainAll(b, 1)));
        Assert.Equal(0, cache.Gate.InFlight);
        Assert.Equal(0, cache.Gate.Waiting);
    }

    [Fact]
    public void Streams_wait_in_arrival_order_and_a_read_wakes_as_many_as_there_are_free_slots()
    {
        var cache = NewCache(maxDeliveriesInFlight: 2, batchSize: 16);
        Add(cache, ("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 4));
        var cursors = "abcde".Select(e => cache.OpenCursor(Stream(e.ToString()), new EventSequenceTokenV2(0))).ToList();

        Assert.Equal([0], Offsets(NextBatch(cursors[0], 16)));
        Assert.Equal([1], Offsets(NextBatch(cursors[1], 16)));
        foreach (var waiting in cursors.Skip(2))
        {
            Assert.Empty(NextBatch(waiting, 16));
        }

        Assert.Empty(cache.TakeWakeUps());
        Assert.Empty(NextBatch(cursors[0], 16));
        Assert.Empty(NextBatch(cursors[1], 16));

        Assert.Equal([Stream("c"), Stream("d")], cache.TakeWakeUps().Select(w => w.StreamId));

        // Granted slots are kept for the woken streams, so a stream arriving meanwhile waits behind e.
        Add(cache, ("f", 5));
        using var f = cache.OpenCursor(Stream("f"), new EventSequenceTokenV2(0));
        Assert.Empty(NextBatch(f, 16));
        Assert.Equal([2], Offsets(NextBatch(cursors[2], 16)));
        Assert.Equal([3], Offsets(NextBatch(cursors[3], 16)));
        Assert.Empty(NextBatch(cursors[2], 16));
        Assert.Empty(NextBatch(cursors[3], 16));
        Assert.Equal([Stream("e"), Stream("f")], cache.TakeWakeUps().Select(w => w.StreamId));
        foreach (var cursor in cursors)
        {
            cursor.Dispose();
        }
    }

    [Fact]
    public void A_grant_the_agent_did_not_use_goes_back_to_the_queue_and_a_closed_cursor_is_skipped()
    {
        var cache = NewCache(maxDeliveriesInFlight: 1);
        Add(cache, ("a", 0), ("b", 1), ("c", 2));
        var a = cache.OpenCursor(Stream("a"), new EventSequenceTokenV2(0));
        var b = cache.OpenCursor(Stream("b"), new EventSequenceTokenV2(0));
        using var c = cache.OpenCursor(Stream("c"), new EventSequenceTokenV2(0));
        Assert.Single(NextBatch(a, 1));
        Assert.Empty(NextBatch(b, 1));
        Assert.Empty(NextBatch(c, 1));

        // A disposed cursor gives its slot back.
        a.Dispose();
        Assert.Equal(0, cache.Gate.InFlight);
        Assert.Equal(Stream("b"), Assert.Single(cache.TakeWakeUps()).StreamId);

        // b was not restarted before the next read: its grant is forgiven and it queues again, behind c.
        Assert.Equal(Stream("c"), Assert.Single(cache.TakeWakeUps()).StreamId);
        b.Dispose();
        Assert.Equal([2], Offsets(NextBatch(c, 1)));
        Assert.Empty(NextBatch(c, 1));
        Assert.Empty(cache.TakeWakeUps());
        Assert.Equal(0, cache.Gate.Waiting);
    }

    [Fact]
    public void A_full_cache_with_streams_to_wake_lets_the_agent_read_for_the_wake_ups_but_has_no_room_for_events()
    {
        var cache = NewCache(maxDeliveriesInFlight: 1, maxCachedEvents: 3);
        Add(cache, ("a", 0), ("b", 1), ("b", 2));
        using var a = cache.OpenCursor(Stream("a"), new EventSequenceTokenV2(0));
        using var b = cache.OpenCursor(Stream("b"), new EventSequenceTokenV2(0));
        Assert.Single(NextBatch(a, 1));
        Assert.Empty(NextBatch(b, 1));

        // Full, and nothing to wake or purge while a's delivery is in flight: the agent skips its whole turn.
        Assert.True(cache.IsUnderPressure());
        Assert.False(cache.HasRoom);
        Assert.Equal(0, cache.GetMaxAddCount());

        // a's delivery finished: b can be woken, so the agent must read, but the receiver reads no events.
        Assert.Empty(NextBatch(a, 1));
        Assert.False(cache.IsUnderPressure());
        Assert.False(cache.HasRoom);
        Assert.Equal(1, cache.GetMaxAddCount());
        var wakeUp = Assert.Single(cache.TakeWakeUps());

        // The agent adds what the receiver returned; the wake-up is not an event.
        cache.AddToCache([wakeUp]);
        Assert.Equal(3, cache.Count);
        Assert.Equal([1, 2], Offsets(NextBatch(b, 16)));
    }

    [Fact]
    public void No_limit_never_holds_a_stream_back()
    {
        var cache = NewCache(maxDeliveriesInFlight: 0);
        Add(cache, Enumerable.Range(0, 50).Select(i => ($"e{i}", (long)i)).ToArray());
        var cursors = Enumerable.Range(0, 50).Select(i => cache.OpenCursor(Stream($"e{i}"), new EventSequenceTokenV2(0))).ToList();
        Assert.All(cursors, cursor => Assert.Single(NextBatch(cursor, 1)));
        Assert.Equal(0, cache.Gate.Waiting);
        Assert.Empty(cache.TakeWakeUps());
        cursors.ForEach(c => c.Dispose());
    }
}
