using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.Samples.Commerce.Sessions;
using Reactor.TestInfrastructure;

namespace Reactor.Samples.Commerce.Tests.Customers;

public sealed class CustomerRulesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private ReactorTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ReactorTestCluster.StartAsync(r => r.AddCommerceEventTypes());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_failed_payments_within_ten_minutes_request_an_account_hold()
    {
        await FailPayment("c-fraud", Start);
        await FailPayment("c-fraud", Start.AddMinutes(4));
        var third = await FailPayment("c-fraud", Start.AddMinutes(9));

        var customer = _cluster.Client.GetGrain<ICustomerGrain>("c-fraud");
        await Eventually.Until("three payments applied", async () => (await customer.GetSnapshotAsync()).StateVersion == 3);
        var decision = Assert.Single(await customer.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal(("payment-fraud-hold", 2), (decision.RuleId, decision.RuleVersion));
        Assert.Equal(third, decision.TriggerPosition);
        Assert.Equal("3", decision.Details["failedPaymentsInWindow"]);

        var inbox = _cluster.Client.GetGrain<IActionInboxGrain>("c-fraud");
        await Eventually.Until("the hold request reaches customer-actions", async () => (await inbox.GetSnapshotAsync()).StateVersion == 1);
        var hold = Assert.Single((await inbox.GetSnapshotAsync()).GetState<ActionInbox>().Holds);
        Assert.Equal(new AccountHoldRequested("c-fraud", "3 failed payments within 10 minutes", 3), hold);
    }

    [Fact]
    public async Task Failed_payments_spread_over_more_than_ten_minutes_do_not_request_a_hold()
    {
        await FailPayment("c-slow", Start);
        await FailPayment("c-slow", Start.AddMinutes(6));
        await FailPayment("c-slow", Start.AddMinutes(12));

        var customer = _cluster.Client.GetGrain<ICustomerGrain>("c-slow");
        await Eventually.Until("three payments applied", async () => (await customer.GetSnapshotAsync()).StateVersion == 3);
        Assert.Empty(await customer.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal(2, (await customer.GetSnapshotAsync()).GetState<Customer>().RecentFailedPayments.Count);
    }

    [Fact]
    public async Task Sign_in_from_a_new_device_requests_verification_once()
    {
        await SignIn("c-dev", "phone");
        await SignIn("c-dev", "phone");
        await SignIn("c-dev", "laptop");

        var customer = _cluster.Client.GetGrain<ICustomerGrain>("c-dev");
        await Eventually.Until("three sign-ins applied", async () => (await customer.GetSnapshotAsync()).StateVersion == 3);
        var decision = Assert.Single(await customer.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal("new-device-sign-in", decision.RuleId);
        var inbox = _cluster.Client.GetGrain<IActionInboxGrain>("c-dev");
        await Eventually.Until("the verification request arrives", async () => (await inbox.GetSnapshotAsync()).StateVersion == 1);
        Assert.Equal("laptop", Assert.Single((await inbox.GetSnapshotAsync()).GetState<ActionInbox>().Verifications).DeviceId);
    }

    [Fact]
    public async Task Open_cart_worth_a_thousand_is_flagged_once()
    {
        await _cluster.PublishAsync(CommerceTopics.Carts, TestCloudEvents.Create(CommerceEventTypes.CartUpdated, "s-1", new CartUpdated("s-1", "c-1", "tv", 2, 600m)));
        await _cluster.PublishAsync(CommerceTopics.Carts, TestCloudEvents.Create(CommerceEventTypes.CartUpdated, "s-1", new CartUpdated("s-1", "c-1", "cable", 1, 10m)));

        var session = _cluster.Client.GetGrain<ISessionGrain>("s-1");
        await Eventually.Until("two cart updates applied", async () => (await session.GetSnapshotAsync()).StateVersion == 2);
        var decision = Assert.Single(await session.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal("high-value-cart", decision.RuleId);
        Assert.Equal(1210m, (await session.GetSnapshotAsync()).GetState<ShoppingSession>().Total);
    }

    private async Task<Abstractions.LogPosition> FailPayment(string customerId, DateTimeOffset time) =>
        (await _cluster.PublishAsync(CommerceTopics.Payments, TestCloudEvents.Create(CommerceEventTypes.PaymentFailed, customerId, new PaymentFailed(customerId, 50m, "card-declined"), time: time))).Position;

    private Task SignIn(string customerId, string device) =>
        _cluster.PublishAsync(CommerceTopics.SignIns, TestCloudEvents.Create(CommerceEventTypes.SignedIn, customerId, new SignedIn(customerId, device, "DE")));
}
