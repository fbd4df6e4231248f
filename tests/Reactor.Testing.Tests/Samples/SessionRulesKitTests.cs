using Reactor.Samples.Commerce.Events;
using Reactor.Samples.Commerce.Sessions;

namespace Reactor.Testing.Tests.Samples;

public sealed class SessionRulesKitTests
{
    private readonly EntityTestKit<ShoppingSession> _kit = EntityTestKit<ShoppingSession>.ForGrain<SessionGrain>(r => r.AddCommerceEventTypes(), entityId: "s1");

    [Fact]
    public async Task Cart_without_checkout_for_thirty_minutes_is_reported_abandoned()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Empty(_kit.Decisions);

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(1));

        var decision = Assert.Single(_kit.Decisions);
        Assert.Equal(("cart-abandoned", 1), (decision.RuleId, decision.RuleVersion));
        Assert.Equal(_kit.Clock.GetUtcNow(), DateTimeOffset.Parse(decision.Details["due"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new CartAbandoned("s1", "c1", 1, 400m), Assert.Single(_kit.EmittedOf<CartAbandoned>()));
        Assert.Empty(_kit.Document.Deadlines);
    }

    [Fact]
    public async Task A_long_advance_fires_the_deadline_at_its_own_time()
    {
        var start = _kit.Clock.GetUtcNow();
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));

        await _kit.AdvanceAsync(TimeSpan.FromHours(5));

        Assert.Equal(start.AddMinutes(30), Assert.Single(_kit.Decisions).DecidedAt);
        Assert.Equal(start.AddHours(5), _kit.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Checkout_in_time_cancels_the_deadline()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(10));
        await _kit.Send(new CheckoutCompleted("s1", "c1", "o1", 400m));
        await _kit.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Empty(_kit.Decisions);
    }

    [Fact]
    public async Task A_later_cart_change_moves_the_deadline()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        await _kit.Send(new CartUpdated("s1", "c1", "cable", 1, 10m));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Empty(_kit.Decisions);

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(2, _kit.EmittedOf<CartAbandoned>().Single().Items);
    }

    [Fact]
    public async Task Deadline_armed_before_a_restart_fires_after_it()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));
        await _kit.RestartAsync();
        Assert.Single(_kit.Document.Deadlines);

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(45));

        Assert.Equal("cart-abandoned", Assert.Single(_kit.Decisions).RuleId);
    }

    [Fact]
    public async Task Deadline_due_while_deactivated_fires_on_reactivation()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 1, 400m));
        _kit.Clock.Advance(TimeSpan.FromHours(3));

        await _kit.RestartAsync();

        Assert.Equal("cart-abandoned", Assert.Single(_kit.Decisions).RuleId);
    }

    [Fact]
    public async Task Open_cart_worth_a_thousand_is_flagged_once()
    {
        await _kit.Send(new CartUpdated("s1", "c1", "tv", 2, 600m), new CartUpdated("s1", "c1", "cable", 1, 10m));

        Assert.Equal("high-value-cart", Assert.Single(_kit.Decisions).RuleId);
        Assert.Equal(1210m, _kit.State.Total);
    }
}
