using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;
using static Reactor.Streaming.Kafka.Tests.Cache.AgentDeliveryLoop;

namespace Reactor.Streaming.Kafka.Tests.Cache;

[Trait("Suite", "Cache")]
public sealed class EntityIndexedQueueCacheTests
{
    private static EntityIndexedQueueCache NewCache(int maxCachedEvents = 1_000, int maxEventsPerRead = 100, int batchSize = 1) =>
        NewCache(new CacheMemoryBudget(KafkaQueueCacheOptions.DefaultMaxCachedBytes), maxCachedEvents, maxEventsPerRead, batchSize);

    private static EntityIndexedQueueCache NewCache(CacheMemoryBudget budget, int maxCachedEvents = 1_000, int maxEventsPerRead = 100, int batchSize = 1, int maxEventsOfNewEntities = KafkaQueueCacheOptions.DefaultMaxEventsOfNewEntities) =>
        new(
            QueueId.GetQueueId("test", 0, 0),
            new KafkaQueueCacheOptions { MaxCachedEvents = maxCachedEvents, MaxEventsPerRead = maxEventsPerRead, MaxEventsOfNewEntities = maxEventsOfNewEntities },
            budget,
            batchSize,
            NullLogger.Instance);

    private static StreamId Stream(string entity) => StreamId.Create(TestBatchContainer.Namespace, entity);

    private static EventSequenceTokenV2 Token(long offset) => new(offset, 0);

    private static List<TestBatchContainer> Add(EntityIndexedQueueCache cache, params (string Entity, long Offset)[] events)
    {
        var containers = events.Select(e => TestBatchContainer.For(e.Entity, e.Offset)).ToList();
        cache.AddToCache(containers.Cast<IBatchContainer>().ToList());
        return containers;
    }

    private static List<long> Purge(EntityIndexedQueueCache cache) =>
        cache.TryPurgeFromCache(out var purged) ? purged.Cast<TestBatchContainer>().Select(c => c.Offset).ToList() : [];

    private static List<long> Offsets(IEnumerable<TestBatchContainer> containers) => containers.Select(c => c.Offset).ToList();

    [Fact]
    public void Cursor_ReturnsOnlyItsStreamsEvents_InArrivalOrder()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("b", 1), ("a", 2), ("c", 3), ("b", 4), ("a", 5));

        using var a = cache.OpenCursor(Stream("a"), Token(0));
        using var b = cache.OpenCursor(Stream("b"), Token(1));

        Assert.Equal([0, 2, 5], Offsets(DrainAll(a, 1)));
        Assert.Equal([1, 4], Offsets(DrainAll(b, 1)));
    }

    [Fact]
    public void Cursor_FindsEventsAddedAfterItRanOutOfData()
    {
        var cache = NewCache();
        Add(cache, ("a", 0));
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        Assert.Equal([0], Offsets(DrainAll(a, 1)));

        Add(cache, ("b", 1), ("a", 2));
        Purge(cache);
        Add(cache, ("a", 3));

        Assert.Equal([2, 3], Offsets(DrainAll(a, 1)));
    }

    [Fact]
    public void Purge_ReturnsOnlyReleasedEvents_AsAContiguousRunInArrivalOrder()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("b", 1), ("a", 2), ("b", 3));
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        using var b = cache.OpenCursor(Stream("b"), Token(1));

        Assert.Empty(Purge(cache));

        DrainAll(a, 1);

        // a's events are released, but b@1 is not, so the run stops there: a@2 waits behind it.
        Assert.Equal([0], Purge(cache));

        DrainAll(b, 1);
        Assert.Equal([1, 2, 3], Purge(cache));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void BatchSizeOne_EventInFlightIsHeld_AndTheLastEventIsReleasedByTheMoveThatFindsNoData()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("a", 1));
        using var a = cache.OpenCursor(Stream("a"), Token(0));

        Assert.Equal([0], Offsets(NextBatch(a, 1)));
        Assert.Empty(Purge(cache));

        Assert.Equal([1], Offsets(NextBatch(a, 1)));
        Assert.Equal([0], Purge(cache));

        // Delivery of a@1 finished; the agent asks for more and finds none: that releases a@1.
        Assert.Empty(NextBatch(a, 1));
        Assert.Equal([1], Purge(cache));
    }

    [Fact]
    public void BatchSizeSixteen_BatchInFlightIsHeldUntilTheAgentAsksForTheNextBatch()
    {
        var cache = NewCache(batchSize: 16);
        Add(cache, Enumerable.Range(0, 20).Select(i => ("a", (long)i)).ToArray());
        using var a = cache.OpenCursor(Stream("a"), Token(0));

        Assert.Equal(16, NextBatch(a, 16).Count);
        Assert.Empty(Purge(cache));

        // The second batch ends with a move that finds no data; its four events are in flight.
        Assert.Equal(4, NextBatch(a, 16).Count);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), Purge(cache));

        Assert.Empty(NextBatch(a, 16));
        Assert.Equal([16, 17, 18, 19], Purge(cache));
    }

    [Fact]
    public void BatchSizeSixteen_FullBatchThenQuietStream_LeavesNothingHeld()
    {
        var cache = NewCache(batchSize: 16);
        Add(cache, Enumerable.Range(0, 16).Select(i => ("a", (long)i)).ToArray());
        using var a = cache.OpenCursor(Stream("a"), Token(0));

        Assert.Equal(16, NextBatch(a, 16).Count);
        Assert.Empty(Purge(cache));

        // The agent's next batch begins with a move that finds no data, then the cursor idles until the stream's next event.
        Assert.Empty(NextBatch(a, 16));
        Assert.Equal(16, Purge(cache).Count);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void RecordDeliveryFailure_EventIsStillPurged_AndReportedAsFailed()
    {
        var cache = NewCache();
        var containers = Add(cache, ("a", 0), ("a", 1));
        using var a = cache.OpenCursor(Stream("a"), Token(0));

        NextBatch(a, 1);
        a.RecordDeliveryFailure();
        NextBatch(a, 1);
        NextBatch(a, 1);

        Assert.True(cache.TryPurgeFromCache(out var purged));
        Assert.Equal<IBatchContainer>(containers, purged);
        var outcomes = Assert.IsAssignableFrom<IDeliveryOutcomes>(purged);
        Assert.Equal<IBatchContainer>([containers[0]], outcomes.FailedDeliveries);
        Assert.Equal(0, outcomes.NeverDeliveredCount);
    }

    [Fact]
    public void RecordDeliveryFailure_WithBatches_ReportsEveryEventOfTheFailedBatch()
    {
        var cache = NewCache(batchSize: 4);
        var containers = Add(cache, Enumerable.Range(0, 6).Select(i => ("a", (long)i)).ToArray());
        using var a = cache.OpenCursor(Stream("a"), Token(0));

        Assert.Equal(4, NextBatch(a, 4).Count);
        a.RecordDeliveryFailure();
        Assert.Equal(2, NextBatch(a, 4).Count);
        Assert.Empty(NextBatch(a, 4));

        Assert.True(cache.TryPurgeFromCache(out var purged));
        Assert.Equal(6, purged.Count);
        Assert.Equal<IBatchContainer>(containers.Take(4), ((IDeliveryOutcomes)purged).FailedDeliveries);
    }

    [Fact]
    public void FailedEventOfOneStream_DoesNotHoldBackOtherStreams()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("b", 1), ("a", 2));
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        using var b = cache.OpenCursor(Stream("b"), Token(1));

        NextBatch(a, 1);
        a.RecordDeliveryFailure();
        DrainAll(a, 1);
        DrainAll(b, 1);

        Assert.Equal([0, 1, 2], Purge(cache));
    }

    [Fact]
    public void StreamWithoutCursor_IsPurgedAtTheSecondPurgeAfterItsEventsWereAdded()
    {
        var cache = NewCache();
        Add(cache, ("orphan", 0));

        Assert.Empty(Purge(cache));
        Assert.True(cache.TryPurgeFromCache(out var purged));
        Assert.Single(purged);
        Assert.Equal(1, ((IDeliveryOutcomes)purged).NeverDeliveredCount);
        Assert.Equal(0, cache.StreamCount);
    }

    [Fact]
    public void StreamWithoutCursor_DoesNotBlockEventsBehindIt()
    {
        var cache = NewCache();
        Add(cache, ("orphan", 0), ("a", 1));
        using var a = cache.OpenCursor(Stream("a"), Token(1));
        DrainAll(a, 1);

        Assert.Empty(Purge(cache));
        Assert.Equal([0, 1], Purge(cache));
    }

    [Fact]
    public void NewStream_PinnedInTheTurnOfTheAdd_IsHeldUntilItsSubscriptionHasDelivered()
    {
        // The agent's order: add the read, pin a cursor at each new stream's first event, purge on later reads, open the
        // subscription's cursor after the handshake, then drop the pin.
        var cache = NewCache();
        Add(cache, ("a", 0), ("a", 1));
        var pin = cache.OpenCursor(Stream("a"), Token(0));

        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(Purge(cache));
        }

        using var subscription = cache.OpenCursor(Stream("a"), Token(0));
        pin.Dispose();
        Assert.Empty(Purge(cache));

        Assert.Equal([0, 1], Offsets(DrainAll(subscription, 1)));
        Assert.Equal([0, 1], Purge(cache));
    }

    [Fact]
    public void Dispose_ReleasesWhatTheCursorHeld()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("a", 1));
        Assert.Empty(Purge(cache));
        var a = cache.OpenCursor(Stream("a"), Token(0));
        NextBatch(a, 1);

        Assert.Empty(Purge(cache));
        Assert.Empty(Purge(cache));
        a.Dispose();

        // Without a cursor, events that have stayed through a full purge are finished.
        Assert.Equal([0, 1], Purge(cache));
    }

    [Fact]
    public void TwoSubscriptions_EventIsPurgedOnlyWhenBothReleasedIt()
    {
        var cache = NewCache();
        Add(cache, ("a", 0), ("a", 1));
        using var first = cache.OpenCursor(Stream("a"), Token(0));
        using var second = cache.OpenCursor(Stream("a"), Token(0));

        DrainAll(first, 1);
        Assert.Empty(Purge(cache));

        NextBatch(second, 1);
        NextBatch(second, 1);
        Assert.Equal([0], Purge(cache));

        NextBatch(second, 1);
        Assert.Equal([1], Purge(cache));
    }

    [Fact]
    public void Capacity_MaxAddCountIsTheFreeRoomCappedPerRead_AndNotZeroWhileAPurgeCanFinishEvents()
    {
        var cache = NewCache(maxCachedEvents: 10, maxEventsPerRead: 4);
        Assert.Equal(4, cache.GetMaxAddCount());
        Assert.False(cache.IsUnderPressure());

        Add(cache, Enumerable.Range(0, 8).Select(i => ("a", (long)i)).ToArray());
        Assert.Equal(2, cache.GetMaxAddCount());

        Add(cache, ("a", 8), ("a", 9));
        Assert.True(cache.IsUnderPressure());

        // 0 would make the agent skip the purge as well as the read, and a full cache whose events wait for purges would stay full.
        Assert.Equal(1, cache.GetMaxAddCount());

        using var a = cache.OpenCursor(Stream("a"), Token(0));
        NextBatch(a, 1);
        NextBatch(a, 1);
        NextBatch(a, 1);
        NextBatch(a, 1);

        // Three events are released: the next purge will free them, so the next read may bring three.
        Assert.Equal(3, cache.GetMaxAddCount());
        Assert.True(cache.IsUnderPressure());
        Assert.Equal([0, 1, 2], Purge(cache));
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void Capacity_MaxAddCountIsZero_OnlyWhileTheOldestEventWaitsForADeliveryToItsStream()
    {
        var cache = NewCache(maxCachedEvents: 3, maxEventsPerRead: 4);
        Add(cache, ("a", 0), ("b", 1), ("a", 2));
        Assert.True(cache.IsUnderPressure());

        // The oldest event's stream has no cursor yet: only purges finish it, so the agent's turn must run.
        Assert.Equal(1, cache.GetMaxAddCount());

        // Its delivery is in flight: the turn's purge would free nothing and the cache is under pressure, so the agent skips it.
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        Assert.Equal([0], Offsets(NextBatch(a, 1)));
        Assert.Equal(0, cache.GetMaxAddCount());

        // The delivery finished and released the event: the next purge frees it.
        Assert.Equal([2], Offsets(NextBatch(a, 1)));
        Assert.Equal(1, cache.GetMaxAddCount());
        Assert.Equal([0], Purge(cache));
    }

    [Fact]
    public void ByteBudget_RoomIsTheShareOverTheEventSize_AndAFullShareStopsReading()
    {
        // Test containers count the fixed overhead only, so a budget of ten of them holds ten events.
        var budget = new CacheMemoryBudget(10 * CachedEventSize.OverheadBytes);
        var cache = NewCache(budget, maxCachedEvents: 1_000, maxEventsPerRead: 100);
        Assert.Equal(10, cache.GetMaxAddCount());

        Add(cache, Enumerable.Range(0, 8).Select(i => ("a", (long)i)).ToArray());
        Assert.Equal(8L * CachedEventSize.OverheadBytes, cache.CachedBytes);
        Assert.Equal(2, cache.GetMaxAddCount());
        Assert.False(cache.IsUnderPressure());

        Add(cache, ("a", 8), ("a", 9));
        Assert.True(cache.IsUnderPressure());
        Assert.Equal(1, cache.GetMaxAddCount());

        using var a = cache.OpenCursor(Stream("a"), Token(0));
        NextBatch(a, 1);
        NextBatch(a, 1);
        NextBatch(a, 1);

        // Two events are released, so the purge before the next read frees their bytes.
        Assert.Equal(2, cache.GetMaxAddCount());
        Assert.Equal([0, 1], Purge(cache));
        Assert.Equal(8L * CachedEventSize.OverheadBytes, cache.CachedBytes);
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void ByteBudget_IsSharedByThePartitionsReading_AndComesBackWhenOneLeaves()
    {
        var budget = new CacheMemoryBudget(20 * CachedEventSize.OverheadBytes);
        var cache = NewCache(budget, maxCachedEvents: 1_000, maxEventsPerRead: 100);
        using var own = budget.Join();
        Assert.Equal(20, cache.GetMaxAddCount());

        var other = budget.Join();
        Assert.Equal(2, budget.Partitions);
        Assert.Equal(10, cache.GetMaxAddCount());
        Add(cache, Enumerable.Range(0, 10).Select(i => ("a", (long)i)).ToArray());
        Assert.True(cache.IsUnderPressure());

        other.Dispose();
        other.Dispose();
        Assert.Equal(1, budget.Partitions);
        Assert.False(cache.IsUnderPressure());
        Assert.Equal(10, cache.GetMaxAddCount());
    }

    [Fact]
    public void ByteBudget_ShareSmallerThanWhatIsCached_KeepsEveryEvent()
    {
        var budget = new CacheMemoryBudget(10 * CachedEventSize.OverheadBytes);
        var cache = NewCache(budget, maxCachedEvents: 1_000, maxEventsPerRead: 100);
        Add(cache, Enumerable.Range(0, 10).Select(i => ("a", (long)i)).ToArray());

        // A second partition joins: this one holds twice its new share, stops reading, and still delivers all it holds.
        using var other = budget.Join();
        using var own = budget.Join();
        Assert.True(cache.IsUnderPressure());
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        Assert.Equal(10, DrainAll(a, 1).Count);
        Assert.Equal(10, Purge(cache).Count);
        Assert.Equal(0, cache.CachedBytes);
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void NewEntities_ReadingStopsWhileTooManyEventsAwaitTheirEntitysFirstCompletedDelivery()
    {
        var cache = NewCache(new CacheMemoryBudget(KafkaQueueCacheOptions.DefaultMaxCachedBytes), maxEventsOfNewEntities: 4);
        Add(cache, ("a", 0), ("b", 1), ("a", 2), ("c", 3));
        Assert.Equal(4, cache.EventsOfNewEntities);
        Assert.True(cache.IsUnderPressure());
        Assert.Equal(1, cache.GetMaxAddCount());

        // a's first delivery starts: it still counts until it completes, when the agent asks for a's next batch.
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        Assert.Equal([0], Offsets(NextBatch(a, 1)));
        Assert.Equal(4, cache.EventsOfNewEntities);

        // Completed: a's entity is active, so neither its cached events nor its later ones count any more.
        Assert.Equal([2], Offsets(NextBatch(a, 1)));
        Assert.Equal(2, cache.EventsOfNewEntities);
        Assert.False(cache.IsUnderPressure());
        Assert.Equal(100, cache.GetMaxAddCount());

        Add(cache, ("a", 4), ("d", 5));
        Assert.Equal(3, cache.EventsOfNewEntities);
        Add(cache, ("e", 6));
        Assert.True(cache.IsUnderPressure());
    }

    [Fact]
    public void NewEntities_EventsWithoutASubscriberStopCountingWhenPurged()
    {
        var cache = NewCache(new CacheMemoryBudget(KafkaQueueCacheOptions.DefaultMaxCachedBytes), maxEventsOfNewEntities: 2);
        Add(cache, ("a", 0), ("b", 1));
        Assert.True(cache.IsUnderPressure());

        Purge(cache);
        Assert.Equal([0, 1], Purge(cache));
        Assert.Equal(0, cache.EventsOfNewEntities);
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void Capacity_EventsBeyondTheLimitAreKept_NotDropped()
    {
        var cache = NewCache(maxCachedEvents: 4, maxEventsPerRead: 4);
        Add(cache, Enumerable.Range(0, 6).Select(i => ("a", (long)i)).ToArray());

        Assert.Equal(6, cache.Count);
        Assert.True(cache.IsUnderPressure());
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        Assert.Equal(6, DrainAll(a, 1).Count);
        Assert.Equal(6, Purge(cache).Count);
    }

    [Fact]
    public void CursorFromTokenOlderThanTheStreamsCachedEvents_StartsAtTheOldest_WithoutCacheMiss()
    {
        var cache = NewCache();
        Add(cache, ("a", 10), ("a", 20), ("b", 25));
        var result = ((IQueueCache)cache).TryGetCacheCursor(Stream("a"), Token(3));

        Assert.Equal(QueueCacheCursorResultKind.Success, result.Kind);
        using var cursor = result.Cursor!;
        Assert.Equal([10, 20], Offsets(DrainAll(cursor, 1)));
    }

    [Fact]
    public void CursorFromTokenBetweenEvents_StartsAtTheFirstEventAtOrAfterIt()
    {
        var cache = NewCache();
        Add(cache, ("a", 10), ("a", 20), ("a", 30));

        using var between = cache.OpenCursor(Stream("a"), Token(15));
        using var exact = cache.OpenCursor(Stream("a"), Token(20));

        Assert.Equal([20, 30], Offsets(DrainAll(between, 1)));
        Assert.Equal([20, 30], Offsets(DrainAll(exact, 1)));
    }

    [Fact]
    public void CursorFromTokenNewerThanEverything_StartsAtTheNextEventAdded()
    {
        var cache = NewCache();
        Add(cache, ("a", 10));
        using var cursor = cache.OpenCursor(Stream("a"), Token(50));

        Assert.Empty(DrainAll(cursor, 1));
        Add(cache, ("a", 60));
        Assert.Equal([60], Offsets(DrainAll(cursor, 1)));
    }

    [Fact]
    public void CursorWithoutToken_AndLatest_SeeOnlyEventsAddedAfterThem()
    {
        var cache = NewCache();
        Add(cache, ("a", 10));
        IQueueCache queueCache = cache;
        using var latest = queueCache.TryGetCacheCursorAtPosition(Stream("a"), StreamSubscriptionStartPosition.Latest).Cursor!;
        using var noToken = queueCache.TryGetCacheCursor(Stream("a"), null).Cursor!;

        Add(cache, ("a", 11));

        Assert.Equal([11], Offsets(DrainAll(latest, 1)));
        Assert.Equal([11], Offsets(DrainAll(noToken, 1)));
    }

    [Fact]
    public void EarliestAvailable_StartsAtTheStreamsOldestCachedEvent()
    {
        var cache = NewCache();
        Add(cache, ("b", 5), ("a", 10), ("a", 11));
        using var cursor = ((IQueueCache)cache).TryGetCacheCursorAtPosition(Stream("a"), StreamSubscriptionStartPosition.EarliestAvailable).Cursor!;

        Assert.Equal([10, 11], Offsets(DrainAll(cursor, 1)));
    }

    [Fact]
    public void ObsoleteMembers_BehaveLikeTheirReplacements()
    {
        var cache = NewCache();
        Add(cache, ("a", 0));
#pragma warning disable CS0618 // The obsolete members are what older agents call; they must keep working.
        using var cursor = ((IQueueCache)cache).GetCacheCursor(Stream("a"), Token(0));
        Assert.True(cursor.MoveNext());
        Assert.Equal(0, ((TestBatchContainer)cursor.GetCurrent(out _)!).Offset);
        Assert.False(cursor.MoveNext());
#pragma warning restore CS0618
        Assert.Null(cursor.GetCurrent(out _));
        Assert.Equal([0], Purge(cache));
    }

    [Fact]
    public void ReceiverRewind_EventsWithOlderTokensAreDeliveredInArrivalOrder()
    {
        // A receiver that seeks back hands the cache offsets it has seen before; the cache orders by arrival, not token.
        var cache = NewCache();
        Add(cache, ("a", 10));
        using var cursor = cache.OpenCursor(Stream("a"), Token(10));
        Assert.Equal([10], Offsets(DrainAll(cursor, 1)));

        Add(cache, ("a", 5), ("a", 6));
        Assert.Equal([5, 6], Offsets(DrainAll(cursor, 1)));
        Assert.Equal([10, 5, 6], Purge(cache));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void ManyStreams_WorkPerEventDoesNotGrowWithTheNumberOfStreams(int streams)
    {
        var cache = NewCache(maxCachedEvents: 3 * streams, maxEventsPerRead: 3 * streams);
        var events = new List<IBatchContainer>(3 * streams);
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < streams; s++)
            {
                events.Add(TestBatchContainer.For("e" + s, events.Count));
            }
        }

        cache.AddToCache(events);
        var cursors = Enumerable.Range(0, streams).Select(s => cache.OpenCursor(Stream("e" + s), Token(s))).ToList();
        var delivered = 0;
        foreach (var cursor in cursors)
        {
            delivered += DrainAll(cursor, 1).Count;
        }

        Assert.Equal(events.Count, delivered);

        // Opening looks at one event, each move at one: nothing depends on how many other streams share the queue.
        Assert.True(cache.EntriesVisited <= 2 * events.Count, $"{cache.EntriesVisited} events visited for {events.Count} delivered");
        Assert.Equal(events.Count, Purge(cache).Count);

        cursors.ForEach(c => c.Dispose());
        Assert.Equal(0, cache.StreamCount);
    }

    [Fact]
    public void ConcurrentCallers_EveryEventIsDeliveredAndPurgedOnce()
    {
        var cache = NewCache(maxCachedEvents: 100_000, maxEventsPerRead: 100_000, batchSize: 4);
        const int Streams = 8;
        const int PerStream = 2_000;
        var cursors = Enumerable.Range(0, Streams).Select(s => cache.OpenEarliestCursor(Stream("s" + s))).ToArray();
        var delivered = new List<TestBatchContainer>[Streams];
        var purged = new List<long>();

        Parallel.Invoke(
            () =>
            {
                for (var i = 0; i < PerStream * Streams; i++)
                {
                    cache.AddToCache([TestBatchContainer.For("s" + (i % Streams), i)]);
                }
            },
            () => Parallel.For(0, Streams, s =>
            {
                delivered[s] = [];
                while (delivered[s].Count < PerStream)
                {
                    delivered[s].AddRange(NextBatch(cursors[s], 4));
                }

                NextBatch(cursors[s], 4);
            }),
            () =>
            {
                while (purged.Count < PerStream * Streams)
                {
                    purged.AddRange(Purge(cache));
                }
            });

        for (var s = 0; s < Streams; s++)
        {
            Assert.Equal(Enumerable.Range(0, PerStream).Select(i => (long)((i * Streams) + s)), Offsets(delivered[s]));
        }

        Assert.Equal(Enumerable.Range(0, PerStream * Streams).Select(i => (long)i), purged);
    }

    [Fact]
    public void Purged_event_is_not_kept_alive_by_the_cursor_that_delivered_it()
    {
        var cache = NewCache();
        using var a = cache.OpenCursor(Stream("a"), Token(0));
        var delivered = DeliverAndPurgeOneEvent(cache, a);

        // The cursor still remembers the event it passed (it is the anchor for the stream's next event), but the payload
        // must not live on with it until that next event: on a busy silo that made every entity's last event survive
        // young collections.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(delivered.IsAlive);

        Add(cache, ("a", 1));
        Assert.Equal([1], Offsets(DrainAll(a, 1)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference DeliverAndPurgeOneEvent(EntityIndexedQueueCache cache, IQueueCacheCursor cursor)
    {
        var container = Add(cache, ("a", 0))[0];
        Assert.Equal([0], Offsets(DrainAll(cursor, 1)));

        // The agent releases a batch when it asks for the next one; the purge after that removes it.
        Assert.Empty(DrainAll(cursor, 1));
        Assert.Equal([0], Purge(cache));
        return new WeakReference(container);
    }
}
