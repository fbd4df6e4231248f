using System.Globalization;
using Reactor.Inference.Agents;
using Reactor.Inference.Onnx;
using Reactor.Runtime;
using Reactor.Runtime.Windows;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Samples.Commerce.Customers;

/// <summary>
/// The customer entity: reacts to sign-ins and payments. Three failed payments within ten minutes are scored by the
/// fraud model (<see cref="CommerceModels.Fraud"/>), and a risk at or above <see cref="CommerceModels.FraudRiskThreshold"/>
/// requests an account hold (at most once an hour); <see cref="FailedPaymentsForFollowUp"/> failed payments within the window
/// start the support follow-up agent (<see cref="CommerceAgents.SupportFollowUp"/>, at most once a day); a sign-in from a new
/// device (when the customer has others) requests device verification. A candidate version of the hold rule (from two
/// failed payments) runs only in shadow evaluations.
/// </summary>
[ReactsTo(CommerceTopics.Payments)]
[ReactsTo(CommerceTopics.SignIns)]
public sealed class CustomerGrain : EntityGrain<Customer>, ICustomerGrain
{
    /// <summary>The window within which failed payments count towards a hold.</summary>
    public static readonly TimeSpan FraudWindow = TimeSpan.FromMinutes(10);

    /// <summary>How many failed payments within the window request a hold.</summary>
    public const int FailedPaymentsForHold = 3;

    /// <summary>How many failed payments within the window the candidate version of the hold rule (version 3, shadow only) asks for.</summary>
    public const int CandidateFailedPaymentsForHold = 2;

    /// <summary>The shortest time between two hold requests for one customer.</summary>
    public static readonly TimeSpan HoldCooldown = TimeSpan.FromHours(1);

    /// <summary>How many failed payments within the window start the support follow-up agent.</summary>
    public const int FailedPaymentsForFollowUp = 5;

    /// <summary>The shortest time between two support follow-ups for one customer.</summary>
    public static readonly TimeSpan FollowUpCooldown = TimeSpan.FromDays(1);

    /// <inheritdoc />
    protected override void Define(EntityDefinition<Customer> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        entity.On<PaymentFailed>((s, _, e) =>
        {
            s.RecentFailedPayments.RemoveAll(t => t <= e.Time - FraudWindow);
            s.RecentFailedPayments.Add(e.Time);
            s.FailedPaymentsTotal++;
        });
        entity.On<PaymentSucceeded>((s, ev) =>
        {
            s.RecentFailedPayments.Clear();
            s.LifetimeSpend += ev.Amount;
        });
        entity.On<SignedIn>((s, ev) =>
        {
            s.UnverifiedDevice = s.KnownDevices.Count > 0 && !s.KnownDevices.Contains(ev.DeviceId) ? ev.DeviceId : null;
            s.KnownDevices.Add(ev.DeviceId);
            s.LastCountry = ev.Country;
        });

        // Failed payments by event time, in the entity document; a payment more than a minute behind is not counted.
        var failed = entity.Window<PaymentFailed>("failed-payments", FraudWindow)
            .Value(p => (double)p.Amount)
            .AllowLateness(TimeSpan.FromMinutes(1), LateEventPolicy.Drop);

        // begin-snippet: readme-candidate
        entity.Rule("payment-fraud-hold", version: 2)
            .When(_ => failed.Count >= FailedPaymentsForHold)
            .AtMostOncePer(HoldCooldown)
            .Then((ctx, s) => HoldIfRiskyAsync(ctx, s, failed, FailedPaymentsForHold));

        // Never runs live: a shadow evaluation naming "payment-fraud-hold" runs it in place of version 2 over history.
        entity.Rule("payment-fraud-hold", version: 3).Candidate()
            .When(_ => failed.Count >= CandidateFailedPaymentsForHold)
            .AtMostOncePer(HoldCooldown)
            .Then((ctx, s) => HoldIfRiskyAsync(ctx, s, failed, CandidateFailedPaymentsForHold));
        // end-snippet

        // The agent runs from the outbox: a slow or absent model never holds up this customer's next events.
        entity.Rule("payment-trouble-follow-up", version: 1)
            .When(_ => failed.Count >= FailedPaymentsForFollowUp)
            .AtMostOncePer(FollowUpCooldown)
            .Then((ctx, s) => ctx.Agent(
                CommerceAgents.SupportFollowUp,
                new PaymentTrouble(ctx.EntityId, failed.Count, Math.Round((decimal)failed.Sum, 2), s.LastCountry, s.LifetimeSpend),
                tools: [CommerceAgents.OpenSupportTicket]));

        entity.Rule("new-device-sign-in", version: 1)
            .When(s => s.UnverifiedDevice is not null)
            .Then((ctx, s) => ctx.Emit(CommerceTopics.CustomerActions, new DeviceVerificationRequested(ctx.EntityId, s.UnverifiedDevice!, s.LastCountry ?? "unknown")));
    }

    private static async Task HoldIfRiskyAsync(IReactionContext ctx, Customer s, EventWindow<PaymentFailed> failed, int threshold)
    {
        ctx.Record("failedPaymentsInWindow", failed.Count.ToString(CultureInfo.InvariantCulture));
        ctx.Record("failedAmountInWindow", failed.Sum.ToString(CultureInfo.InvariantCulture));

        // Without a registered model (unit tests, hosts that do not add it) the rule holds, as it did before the model.
        var risk = await ctx.Score(CommerceModels.Fraud, FraudFeatures.From(s, failed.Count, failed.Sum), fallback: 1.0);
        if (risk.Value >= CommerceModels.FraudRiskThreshold)
        {
            await ctx.Emit(CommerceTopics.CustomerActions, new AccountHoldRequested(ctx.EntityId, $"{threshold} failed payments within 10 minutes", failed.Count));
        }
    }
}
