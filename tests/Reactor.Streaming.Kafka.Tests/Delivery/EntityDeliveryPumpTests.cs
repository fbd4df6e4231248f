using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Reactor.Abstractions;
using Reactor.Runtime.Grains;
using Reactor.Streaming.Kafka.Delivery;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>The direct delivery's bookkeeping: order, one call per entity, batching, limits, retries, generations and drain.</summary>
public sealed class EntityDeliveryPumpTests
{
    private static readonly DeliveryLimits Roomy = new(1_000, () => long.MaxValue, 1_000, 0, 16, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task An_entitys_events_arrive_in_order_and_those_read_during_a_call_go_together_in_the_next()
    {
        var target = new RecordingDeliveryTarget();
        var pump = Pump(Roomy, _ => [target]);
        target.Hold();
        pump.Enqueue(Event("a", 0), generation: 0);
        for (var offset = 1; offset <= 20; offset++)
        {
            pump.Enqueue(Event("a", offset), generation: 0);
        }

        target.Release();
        await DrainAsync(pump);

        Assert.Equal(Enumerable.Range(0, 21).Select(i => (long)i), target.Offsets);
        Assert.Equal(1, target.MostRunning);
        Assert.Equal([[0L], [.. Enumerable.Range(1, 16).Select(i => (long)i)], [17L, 18L, 19L, 20L]], target.Calls);
        var delivered = Delivered(pump);
        Assert.Equal(21, delivered.Count);
        Assert.All(delivered, d => Assert.False(d.Failed));
    }

    [Fact]
    public async Task Entities_over_the_in_flight_limit_wait_and_are_all_served()
    {
        var running = new StrongBox<int>();
        var most = new StrongBox<int>();
        var targets = Enumerable.Range(0, 6).ToDictionary(i => $"e{i}", _ => new RecordingDeliveryTarget { Shared = running, SharedMost = most });
        HoldAll(targets.Values);

        var pump = Pump(Roomy with { MaxInFlight = 2 }, id => [targets[id]]);
        var offset = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var id in targets.Keys)
            {
                pump.Enqueue(Event(id, offset++), generation: 0);
            }
        }

        // Two calls may be in flight, but only one first delivery (an activation): 2 / 8, at least 1.
        Assert.Equal(5, pump.HeldBackTotal);
        ReleaseAll(targets.Values);

        await DrainAsync(pump);
        Assert.Equal(18, Delivered(pump).Count);
        Assert.InRange(most.Value, 1, 2);
        Assert.Equal(2, pump.MostInFlight);
        foreach (var (id, target) in targets)
        {
            var index = int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([index, index + 6, index + 12], target.Offsets);
        }
    }

    [Fact]
    public async Task First_deliveries_are_bounded_to_an_eighth_of_the_calls_in_flight()
    {
        var running = new StrongBox<int>();
        var most = new StrongBox<int>();
        var targets = Enumerable.Range(0, 6).ToDictionary(i => $"e{i}", _ => new RecordingDeliveryTarget { Shared = running, SharedMost = most });
        HoldAll(targets.Values);

        var pump = Pump(Roomy with { MaxInFlight = 16 }, id => [targets[id]]);
        var offset = 0;
        foreach (var id in targets.Keys)
        {
            pump.Enqueue(Event(id, offset++), generation: 0);
        }

        Assert.Equal(2, pump.MostInFlight);
        Assert.Equal(4, pump.HeldBackTotal);
        ReleaseAll(targets.Values);

        await DrainAsync(pump);
        Assert.Equal(6, Delivered(pump).Count);

        // Every call here is an entity's first: never more than two of them at once.
        Assert.InRange(most.Value, 1, 2);
    }

    [Fact]
    public async Task An_entity_reached_a_moment_ago_does_not_count_as_a_first_delivery_again()
    {
        var targets = Enumerable.Range(0, 4).ToDictionary(i => $"e{i}", _ => new RecordingDeliveryTarget());
        var pump = Pump(Roomy with { MaxInFlight = 16 }, id => [targets[id]]);
        pump.Enqueue(Event("e0", 0), generation: 0);
        pump.Enqueue(Event("e1", 1), generation: 0);
        await DrainAsync(pump);

        HoldAll(targets.Values);

        var offset = 2;
        foreach (var id in targets.Keys)
        {
            pump.Enqueue(Event(id, offset++), generation: 0);
        }

        // e0 and e1 are active entities; e2 and e3 take the two first-delivery slots: nobody waits.
        Assert.Equal(4, pump.MostInFlight);
        Assert.Equal(0, pump.HeldBackTotal);
        ReleaseAll(targets.Values);

        await DrainAsync(pump);
        Assert.Equal(6, Delivered(pump).Count);
    }

    [Fact]
    public async Task An_entity_idle_for_two_windows_counts_as_new_again()
    {
        var time = new FakeTimeProvider();
        var targets = Enumerable.Range(0, 2).ToDictionary(i => $"e{i}", _ => new RecordingDeliveryTarget());
        var pump = Pump(Roomy with { MaxInFlight = 8 }, id => [targets[id]], time);
        pump.Enqueue(Event("e0", 0), generation: 0);
        await DrainAsync(pump);
        for (var window = 0; window < 2; window++)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            Delivered(pump);
        }

        HoldAll(targets.Values);

        // One first delivery at a time (8 / 8): e0 is new again, so e1 waits.
        pump.Enqueue(Event("e0", 1), generation: 0);
        pump.Enqueue(Event("e1", 2), generation: 0);
        Assert.Equal(1, pump.HeldBackTotal);
        ReleaseAll(targets.Values);

        await DrainAsync(pump);
    }

    [Fact]
    public async Task A_reached_entitys_grain_references_are_kept_between_its_events_until_it_is_forgotten()
    {
        var time = new FakeTimeProvider();
        var target = new RecordingDeliveryTarget();
        var lookups = 0;
        var pump = Pump(Roomy, _ => { lookups++; return [target]; }, time);
        for (var offset = 0; offset < 3; offset++)
        {
            // Each event empties the mailbox before the next arrives, as live traffic over many entities does.
            pump.Enqueue(Event("e0", offset), generation: 0);
            await DrainAsync(pump);
            time.Advance(TimeSpan.FromSeconds(20));
            Delivered(pump);
        }

        Assert.Equal(1, lookups);
        for (var window = 0; window < 2; window++)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            Delivered(pump);
        }

        pump.Enqueue(Event("e0", 3), generation: 0);
        await DrainAsync(pump);
        Assert.Equal(2, lookups);
        Assert.Equal([0L, 1L, 2L, 3L], target.Offsets);
    }

    [Fact]
    public async Task It_has_no_room_once_its_event_limit_is_reached_and_room_again_after_deliveries()
    {
        var target = new RecordingDeliveryTarget();
        target.Hold();
        var pump = Pump(Roomy with { MaxEvents = 3 }, _ => [target]);
        pump.Enqueue(Event("a", 0), generation: 0);
        pump.Enqueue(Event("a", 1), generation: 0);
        Assert.True(pump.HasRoom);
        pump.Enqueue(Event("a", 2), generation: 0);
        Assert.False(pump.HasRoom);

        target.Release();
        await DrainAsync(pump);
        Assert.True(pump.HasRoom);
        Assert.Equal(0, pump.PendingEvents);
    }

    [Fact]
    public async Task Events_of_entities_no_delivery_has_reached_are_bounded_apart()
    {
        var targets = new Dictionary<string, RecordingDeliveryTarget>();
        var pump = Pump(Roomy with { MaxEventsOfNewEntities = 2 }, id =>
        {
            var target = new RecordingDeliveryTarget();
            target.Hold();
            targets[id] = target;
            return [target];
        });
        pump.Enqueue(Event("a", 0), generation: 0);
        Assert.True(pump.HasRoom);
        pump.Enqueue(Event("b", 1), generation: 0);
        Assert.False(pump.HasRoom);

        targets["a"].Release();
        await Eventually.Until("entity a's first delivery to complete", () => pump.HasRoom);
        targets["b"].Release();
        await DrainAsync(pump);
    }

    [Fact]
    public async Task A_failing_call_is_retried_until_it_works()
    {
        var target = new RecordingDeliveryTarget();
        target.FailNext(2);
        var pump = Pump(Roomy, _ => [target]);
        pump.Enqueue(Event("a", 7), generation: 0);

        await DrainAsync(pump);
        Assert.Equal([7L], target.Offsets);
        Assert.False(Assert.Single(Delivered(pump)).Failed);
    }

    [Fact]
    public async Task A_call_that_keeps_failing_is_reported_failed_after_the_delivery_time_and_the_entitys_next_events_still_go()
    {
        var target = new RecordingDeliveryTarget();
        target.FailNext(1_000);
        var pump = Pump(Roomy with { MaxDeliveryTime = TimeSpan.FromMilliseconds(250) }, _ => [target]);
        pump.Enqueue(Event("a", 1), generation: 0);
        var delivered = new List<DeliveredEvent>();
        await Eventually.Until("the delivery to be given up", () => pump.TakeDelivered(delivered.Add) > 0);

        target.FailNext(0);
        pump.Enqueue(Event("a", 2), generation: 0);
        await DrainAsync(pump);

        pump.TakeDelivered(delivered.Add);
        Assert.Equal([(1L, true), (2L, false)], delivered.Select(d => (d.Offset, d.Failed)));
        Assert.Equal([2L], target.Offsets);
    }

    [Fact]
    public async Task A_new_generation_drops_waiting_events_of_the_old_one_and_the_call_in_flight_reports_its_own()
    {
        var target = new RecordingDeliveryTarget();
        target.Hold();
        var pump = Pump(Roomy, _ => [target]);
        pump.Enqueue(Event("a", 10), generation: 0);
        pump.Enqueue(Event("a", 11), generation: 0);
        pump.Enqueue(Event("a", 12), generation: 0);

        // A rewind to offset 5: the reader reads 5.. again in generation 1.
        pump.StartGeneration(1);
        pump.Enqueue(Event("a", 5), generation: 1);
        target.Release();
        await DrainAsync(pump);

        Assert.Equal([10L, 5L], target.Offsets);
        Assert.Equal([(10L, 0), (5L, 1)], Delivered(pump).Select(d => (d.Offset, d.Generation)));
        Assert.Equal(0, pump.PendingEvents);
        Assert.True(pump.HasRoom);
    }

    [Fact]
    public async Task Every_type_reacting_to_the_topic_gets_the_events()
    {
        var first = new RecordingDeliveryTarget();
        var second = new RecordingDeliveryTarget();
        var pump = Pump(Roomy, _ => [first, second]);
        pump.Enqueue(Event("a", 1), generation: 0);
        pump.Enqueue(Event("a", 2), generation: 0);

        await DrainAsync(pump);
        Assert.Equal([1L, 2L], first.Offsets);
        Assert.Equal([1L, 2L], second.Offsets);
        Assert.Equal(2, Delivered(pump).Count);
    }

    [Fact]
    public async Task Stopped_it_retries_no_more_and_drains_at_once()
    {
        var target = new RecordingDeliveryTarget();
        target.FailNext(1_000);
        var pump = Pump(Roomy, _ => [target]);
        pump.Enqueue(Event("a", 1), generation: 0);
        pump.Enqueue(Event("a", 2), generation: 0);
        await Eventually.Until("a call to have failed", () => target.Attempts > 0);

        pump.Stop();
        await DrainAsync(pump);
        Assert.Empty(target.Offsets);

        // The call in flight gives up; the event behind it is neither delivered nor reported, so nothing commits past it.
        var delivered = Delivered(pump);
        Assert.Equal([(1L, true)], delivered.Select(d => (d.Offset, d.Failed)));
        Assert.Equal(1, pump.PendingEvents);
    }

    private static void HoldAll(IEnumerable<RecordingDeliveryTarget> targets)
    {
        foreach (var target in targets)
        {
            target.Hold();
        }
    }

    private static void ReleaseAll(IEnumerable<RecordingDeliveryTarget> targets)
    {
        foreach (var target in targets)
        {
            target.Release();
        }
    }

    private static Task DrainAsync(EntityDeliveryPump pump) => pump.DrainAsync().WaitAsync(TimeSpan.FromSeconds(30));

    private static EntityDeliveryPump Pump(DeliveryLimits limits, Func<string, IEntityDelivery[]> targets, TimeProvider? time = null) =>
        new("orders/0", targets, limits, time ?? TimeProvider.System, NullLogger.Instance);

    private static List<DeliveredEvent> Delivered(EntityDeliveryPump pump)
    {
        var delivered = new List<DeliveredEvent>();
        pump.TakeDelivered(delivered.Add);
        return delivered;
    }

    private static EventEnvelope Event(string entityId, long offset) => new()
    {
        Id = $"{entityId}-{offset}",
        Source = "/tests",
        Type = "test.event",
        EntityId = entityId,
        Position = new LogPosition("orders", 0, offset),
        Data = default,
    };
}
