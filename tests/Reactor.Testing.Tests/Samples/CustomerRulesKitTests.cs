using Reactor.Inference.Agents;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Testing.Tests.Samples;

public sealed class CustomerRulesKitTests
{
    private readonly EntityTestKit<Customer> _kit = EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), entityId: "c1");

    private static PaymentFailed Failed => new("c1", 40m, "declined");

    [Fact]
    public async Task Failed_payments_spread_over_more_than_ten_minutes_do_not_request_a_hold()
    {
        await _kit.Send(Failed);
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _kit.Send(Failed);
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _kit.Send(Failed);

        Assert.Empty(_kit.Decisions);
        Assert.Equal(2, _kit.Document.Windows["failed-payments"].Count);
    }

    [Fact]
    public async Task Payment_exactly_ten_minutes_old_has_left_the_window()
    {
        var start = _kit.Clock.GetUtcNow();
        await _kit.SendAt(Failed, start);
        await _kit.SendAt(Failed, start.AddMinutes(5));
        await _kit.SendAt(Failed, start.AddMinutes(10));

        Assert.Empty(_kit.Decisions);

        await _kit.SendAt(Failed, start.AddMinutes(10).AddTicks(1));

        Assert.Equal("payment-fraud-hold", Assert.Single(_kit.Decisions).RuleId);
    }

    [Fact]
    public async Task Five_failed_payments_within_ten_minutes_start_the_support_follow_up_agent_once_a_day()
    {
        await _kit.Send(Failed, Failed, Failed, Failed);
        Assert.Empty(_kit.Actions.OfType<AgentRun>());

        await _kit.Send(Failed);

        Assert.Equal(1, _kit.Decisions.Count(d => d.RuleId == "payment-trouble-follow-up"));
        var run = Assert.Single(_kit.Actions.OfType<AgentRun>());
        Assert.Equal((CommerceAgents.SupportFollowUp, "c1"), (run.Agent, run.EntityId));
        Assert.Equal([CommerceAgents.OpenSupportTicket], run.Tools);
        Assert.Equal(5, run.Input.GetProperty("failedPayments").GetInt32());

        await _kit.AdvanceAsync(TimeSpan.FromHours(2));
        await _kit.Send(Failed, Failed, Failed, Failed, Failed);
        Assert.Single(_kit.Actions.OfType<AgentRun>());
    }

    [Fact]
    public async Task A_second_burst_within_the_hour_does_not_request_another_hold()
    {
        await _kit.Send(Failed, Failed, Failed);
        await _kit.Send(new PaymentSucceeded("c1", 10m));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        await _kit.Send(Failed, Failed, Failed);

        Assert.Single(_kit.Decisions);

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(50));
        await _kit.Send(Failed, Failed, Failed);

        Assert.Equal(2, _kit.Decisions.Count);
        Assert.Equal(2, _kit.EmittedOf<AccountHoldRequested>().Count);
    }

    [Fact]
    public async Task Payment_later_than_the_allowance_is_counted_as_late_and_left_out_of_the_window()
    {
        var now = _kit.Clock.GetUtcNow();
        await _kit.SendAt(Failed, now);
        await _kit.SendAt(Failed, now.AddSeconds(-50));
        await _kit.SendAt(Failed, now.AddMinutes(-2));

        Assert.Equal(1, _kit.LateEvents);
        Assert.Equal(2, _kit.Document.Windows["failed-payments"].Count);
        Assert.Equal(3, _kit.State.FailedPaymentsTotal);
        Assert.Empty(_kit.Decisions);
    }

    [Fact]
    public async Task Disabled_rule_does_not_fire_until_enabled_again()
    {
        _kit.DisabledRules.Add("payment-fraud-hold");
        await _kit.Send(Failed, Failed, Failed);
        Assert.Empty(_kit.Decisions);

        _kit.DisabledRules.Clear();
        await _kit.Send(Failed);

        Assert.Equal(("payment-fraud-hold", 2), (Assert.Single(_kit.Decisions).RuleId, _kit.Decisions[0].RuleVersion));
    }

    [Fact]
    public async Task Sign_in_from_a_new_device_requests_verification_once()
    {
        await _kit.Send(new SignedIn("c1", "phone", "DE"), new SignedIn("c1", "phone", "DE"), new SignedIn("c1", "laptop", "FR"));

        Assert.Equal("new-device-sign-in", Assert.Single(_kit.Decisions).RuleId);
        Assert.Equal(new DeviceVerificationRequested("c1", "laptop", "FR"), Assert.Single(_kit.EmittedOf<DeviceVerificationRequested>()));
    }
}
