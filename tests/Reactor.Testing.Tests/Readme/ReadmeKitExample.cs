using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Testing.Tests.Readme;

public sealed class ReadmeKitExample
{
    // begin-snippet: readme-test
    [Fact]
    public async Task Three_failed_payments_within_ten_minutes_request_a_hold()
    {
        var kit = EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), entityId: "c1");

        await kit.Send(new PaymentFailed("c1", 20m, "declined"), new PaymentFailed("c1", 35m, "declined"));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(5));
        await kit.Send(new PaymentFailed("c1", 50m, "declined"));

        var decision = Assert.Single(kit.Decisions);
        Assert.Equal(("payment-fraud-hold", 2), (decision.RuleId, decision.RuleVersion));
        Assert.Equal(3, Assert.Single(kit.EmittedOf<AccountHoldRequested>()).FailedPayments);
    }
    // end-snippet
}
