using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Orleans.TestingHost;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>
/// The entity-indexed cache under the real Orleans 10.4.2 pulling agent, in an in-process silo, fed by synthetic queues.
/// </summary>
[Trait("Suite", "Cache")]
public sealed class EntityIndexedQueueCacheSiloTests
{
    private const string Provider = "cache-it";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task EveryEvent_IsDeliveredOnceInOrderPerEntity_AndHandedBackAfterDelivery(int batchSize)
    {
        // A small cache for many entities, so reads stop on a full cache and resume as deliveries free room.
        var state = new SyntheticQueueState(entities: 600, eventsPerEntity: 20);
        var cluster = await StartAsync(state, batchSize, maxCachedEvents: 256, maxEventsPerRead: 64, maxEventDeliveryTime: TimeSpan.FromMinutes(1));
        try
        {
            await Eventually.Until($"{state.TotalEvents} events received by the grains", () => state.ReceivedCount >= state.TotalEvents, Deadline);
            await Eventually.Until($"{state.TotalEvents} events handed back to the receivers", () => state.PurgedCount >= state.TotalEvents, Deadline);

            var received = state.ReceivedByEntity();
            Assert.Equal(state.EntityIds.Count, received.Count);
            var expected = Enumerable.Range(0, state.EventsPerEntity).ToList();
            foreach (var entity in state.EntityIds)
            {
                Assert.Equal(expected, received[entity]);
            }

            Assert.Equal(state.TotalEvents, state.ReceivedCount);
            AssertEachQueueHandedBackItsOffsetsOnceInOrder(state);
            Assert.Empty(state.FailedDeliveries());
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task FailedDelivery_IsSkippedPurgedAndReported_WithoutHoldingBackTheQueue()
    {
        var state = new SyntheticQueueState(entities: 40, eventsPerEntity: 10, failWhen: e => e is { Entity: "entity-7", Sequence: 3 });
        var cluster = await StartAsync(state, batchSize: 1, maxCachedEvents: 64, maxEventsPerRead: 16, maxEventDeliveryTime: TimeSpan.FromSeconds(2));
        try
        {
            await Eventually.Until($"{state.TotalEvents} events handed back to the receivers", () => state.PurgedCount >= state.TotalEvents, Deadline);

            var received = state.ReceivedByEntity();
            Assert.Equal([0, 1, 2, 4, 5, 6, 7, 8, 9], received["entity-7"]);
            Assert.All(state.EntityIds.Where(e => e != "entity-7"), e => Assert.Equal(Enumerable.Range(0, 10), received[e]));

            var failed = Assert.Single(state.FailedDeliveries());
            Assert.Equal(new TestEvent("entity-7", 3), failed.Event);
            AssertEachQueueHandedBackItsOffsetsOnceInOrder(state);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    private static void AssertEachQueueHandedBackItsOffsetsOnceInOrder(SyntheticQueueState state)
    {
        var purged = state.PurgedByQueue();
        Assert.Equal(state.TotalEvents, purged.Values.Sum(offsets => offsets.Count));
        foreach (var (queue, offsets) in purged)
        {
            Assert.True(
                offsets.SequenceEqual(Enumerable.Range(0, offsets.Count).Select(i => (long)i)),
                $"Queue {queue} handed back offsets out of order or twice: {string.Join(",", offsets.Take(50))}...");
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(
        SyntheticQueueState state,
        int batchSize,
        int maxCachedEvents,
        int maxEventsPerRead,
        TimeSpan maxEventDeliveryTime)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(state);
            silo.AddPersistentStreams(Provider, SyntheticQueueAdapterFactory.Create, streams =>
            {
                streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
                streams.ConfigurePullingAgent(ob => ob.Configure(o =>
                {
                    o.BatchContainerBatchSize = batchSize;
                    o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20);
                    o.MaxEventDeliveryTime = maxEventDeliveryTime;
                }));
                streams.Configure<KafkaQueueCacheOptions>(ob => ob.Configure(o =>
                {
                    o.MaxCachedEvents = maxCachedEvents;
                    o.MaxEventsPerRead = maxEventsPerRead;
                }));
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
