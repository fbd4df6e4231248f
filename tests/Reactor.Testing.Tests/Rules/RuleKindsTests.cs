using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Windows;

namespace Reactor.Testing.Tests.Rules;

/// <summary>Each rule kind and its boundary cases, on a small meter entity.</summary>
public sealed class RuleKindsTests
{
    private static readonly DateTimeOffset T0 = EntityTestKit<Meter>.DefaultStart;

    [Fact]
    public async Task Sliding_window_aggregates_count_sum_min_max_and_distinct_sources()
    {
        EventWindow<Reading> window = null!;
        var kit = new EntityTestKit<Meter>(e => window = e.Window<Reading>("readings", TimeSpan.FromMinutes(10)).Value(r => r.Value).DistinctBy(r => r.Source));

        await kit.SendAt(new Reading(5, "a"), T0);
        await kit.SendAt(new Reading(-2, "b"), T0.AddMinutes(3));
        await kit.SendAt(new Reading(9, "a"), T0.AddMinutes(6));

        Assert.Equal((3, 12d, -2d, 9d, 2), (window.Count, window.Sum, window.Min, window.Max, window.DistinctCount));

        await kit.SendAt(new Reading(1, "c"), T0.AddMinutes(13));

        Assert.Equal((2, 10d, 1d, 9d, 2), (window.Count, window.Sum, window.Min, window.Max, window.DistinctCount));
    }

    [Fact]
    public async Task Tumbling_window_starts_empty_at_each_bucket_boundary()
    {
        EventWindow<Reading> window = null!;
        var kit = new EntityTestKit<Meter>(e => window = e.Window<Reading>("hourly", TimeSpan.FromHours(1), WindowKind.Tumbling));

        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(1));
        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(59).AddSeconds(59));
        Assert.Equal(2, window.Count);

        await kit.SendAt(new Reading(1, "a"), T0.AddHours(1));

        Assert.Equal(1, window.Count);
    }

    [Fact]
    public async Task Out_of_order_event_inside_the_allowance_is_counted_in_order()
    {
        EventWindow<Reading> window = null!;
        var kit = new EntityTestKit<Meter>(e => window = e.Window<Reading>("readings", TimeSpan.FromMinutes(10)).Value(r => r.Value).AllowLateness(TimeSpan.FromMinutes(2)));

        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(5));
        await kit.SendAt(new Reading(2, "a"), T0.AddMinutes(3));

        Assert.Equal(0, kit.LateEvents);
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(5)], kit.Document.Windows["readings"].Entries.Select(x => x.Time));
        Assert.Equal(T0.AddMinutes(5), window.Watermark);
    }

    [Fact]
    public async Task Event_exactly_at_the_allowance_is_not_late_and_one_tick_more_is()
    {
        var kit = new EntityTestKit<Meter>(e => e.Window<Reading>("readings", TimeSpan.FromHours(1)).AllowLateness(TimeSpan.FromMinutes(2)));

        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(10));
        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(8));
        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(8).AddTicks(-1));

        Assert.Equal(1, kit.LateEvents);
        Assert.Equal(2, kit.Document.Windows["readings"].Count);
    }

    [Fact]
    public async Task Late_event_under_apply_anyway_is_counted_late_and_still_windowed()
    {
        var kit = new EntityTestKit<Meter>(e =>
        {
            e.On<Reading>((s, _) => s.Readings++);
            e.Window<Reading>("readings", TimeSpan.FromHours(1)).AllowLateness(TimeSpan.Zero, LateEventPolicy.ApplyAnyway);
        });

        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(30));
        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(10));

        Assert.Equal(1, kit.LateEvents);
        Assert.Equal(2, kit.Document.Windows["readings"].Count);
        Assert.Equal(2, kit.State.Readings);
    }

    [Fact]
    public async Task Late_event_under_dead_letter_is_dead_lettered_without_touching_the_state()
    {
        var kit = new EntityTestKit<Meter>(e =>
        {
            e.On<Reading>((s, _) => s.Readings++);
            e.Window<Reading>("readings", TimeSpan.FromHours(1)).AllowLateness(TimeSpan.FromMinutes(1), LateEventPolicy.DeadLetter);
        });

        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(30));
        await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(10));

        Assert.Equal(DeadLetterReason.LateEvent, Assert.Single(kit.DeadLetters).Reason);
        Assert.Equal(1, kit.State.Readings);
        Assert.Equal(1, kit.Document.Windows["readings"].Count);
        Assert.Equal(1, kit.LateEvents);
    }

    [Fact]
    public async Task Every_match_rule_with_a_cooldown_fires_at_most_once_per_period()
    {
        var kit = new EntityTestKit<Meter>(e =>
        {
            e.On<Reading>((s, _) => s.Readings++);
            e.Rule("reading-seen").When(s => s.Readings > 0).OnEveryMatch().AtMostOncePer(TimeSpan.FromMinutes(10)).Then((_, _) => { });
        });

        for (var minute = 0; minute < 25; minute++)
        {
            await kit.SendAt(new Reading(1, "a"), T0.AddMinutes(minute));
        }

        Assert.Equal([T0, T0.AddMinutes(10), T0.AddMinutes(20)], kit.Decisions.Select(d => d.EventTime));
    }

    [Fact]
    public async Task Stale_event_takes_the_stale_path_and_is_counted()
    {
        var kit = new EntityTestKit<Meter>(e =>
        {
            e.On<Reading>((s, ev) => s.Readings = (int)ev.Value);
            e.Rule("high", version: 3).When(s => s.Readings >= 10).TolerateStaleness(TimeSpan.FromMinutes(5), (ctx, _) =>
            {
                ctx.Record("path", "stale");
                return Task.CompletedTask;
            }).Then((ctx, _) => ctx.Record("path", "fresh"));
            e.Rule("high-fresh-only").When(s => s.Readings >= 10).TolerateStaleness(TimeSpan.FromMinutes(5)).Then((_, _) => { });
        });

        await kit.SendAt(new Reading(10, "a"), kit.Clock.GetUtcNow().AddMinutes(-6));

        var decision = Assert.Single(kit.Decisions);
        Assert.Equal(("high", 3, "stale", "true"), (decision.RuleId, decision.RuleVersion, decision.Details["path"], decision.Details["stale"]));
        Assert.Equal(2, kit.StaleEvents);

        await kit.Send(new Reading(0, "a"), new Reading(11, "a"));

        Assert.Equal(["high", "high", "high-fresh-only"], kit.Decisions.Select(d => d.RuleId));
        Assert.Equal("fresh", kit.Decisions[1].Details["path"]);
    }

    [Fact]
    public async Task Cancelling_event_after_the_deadline_fires_the_absence_rule()
    {
        var kit = new EntityTestKit<Meter>(e =>
        {
            e.On<Closed>((s, _) => s.Closed = true);
            e.Rule("no-close").After<Reading>().Absent<Closed>(TimeSpan.FromMinutes(15)).Then((_, _) => { });
        });

        await kit.SendAt(new Reading(1, "a"), T0);
        await kit.SendAt(new Closed("late"), T0.AddMinutes(15));

        var decision = Assert.Single(kit.Decisions);
        Assert.Equal(T0, decision.EventTime);
        Assert.Empty(kit.Document.Deadlines);
    }

    [Fact]
    public async Task Hot_entity_over_a_million_events_keeps_its_window_bounded()
    {
        EventWindow<Reading> window = null!;
        var kit = new EntityTestKit<Meter>(e =>
        {
            window = e.Window<Reading>("readings", TimeSpan.FromMinutes(1)).Value(r => r.Value).Cap(5_000);
            e.Rule("busy").When(_ => window.Count >= 4_000).Then((_, _) => { });
        });
        var reading = new Reading(1, "a");
        var maxSeen = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            await kit.SendAt(reading, T0.AddMilliseconds(i * 5));
            maxSeen = Math.Max(maxSeen, kit.Document.Windows["readings"].Entries.Count);
        }

        Assert.Equal(5_000, window.Count);
        Assert.True(maxSeen <= 10_000, $"the entry list peaked at {maxSeen}");
        Assert.True(kit.Document.Windows["readings"].Overflowed > 0);
        Assert.Single(kit.Decisions);
    }
}
