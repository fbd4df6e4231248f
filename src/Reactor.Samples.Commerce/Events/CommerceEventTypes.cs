using Reactor.Runtime.Hosting;

namespace Reactor.Samples.Commerce.Events;

/// <summary>Registers the sample domain's CloudEvents types.</summary>
public static class CommerceEventTypes
{
    /// <summary>The CloudEvents type of <see cref="SignedIn"/>.</summary>
    public const string SignedIn = "com.reactor.samples.commerce.signed-in";

    /// <summary>The CloudEvents type of <see cref="PaymentFailed"/>.</summary>
    public const string PaymentFailed = "com.reactor.samples.commerce.payment-failed";

    /// <summary>The CloudEvents type of <see cref="PaymentSucceeded"/>.</summary>
    public const string PaymentSucceeded = "com.reactor.samples.commerce.payment-succeeded";

    /// <summary>The CloudEvents type of <see cref="CartUpdated"/>.</summary>
    public const string CartUpdated = "com.reactor.samples.commerce.cart-updated";

    /// <summary>The CloudEvents type of <see cref="CheckoutCompleted"/>.</summary>
    public const string CheckoutCompleted = "com.reactor.samples.commerce.checkout-completed";

    /// <summary>The CloudEvents type of <see cref="AccountHoldRequested"/>.</summary>
    public const string AccountHoldRequested = "com.reactor.samples.commerce.account-hold-requested";

    /// <summary>The CloudEvents type of <see cref="DeviceVerificationRequested"/>.</summary>
    public const string DeviceVerificationRequested = "com.reactor.samples.commerce.device-verification-requested";

    /// <summary>The CloudEvents type of <see cref="HighValueCartFlagged"/>.</summary>
    public const string HighValueCartFlagged = "com.reactor.samples.commerce.high-value-cart-flagged";

    /// <summary>The CloudEvents type of <see cref="CartAbandoned"/>.</summary>
    public const string CartAbandoned = "com.reactor.samples.commerce.cart-abandoned";

    /// <summary>The CloudEvents type of <see cref="SupportFollowUpDrafted"/>.</summary>
    public const string SupportFollowUpDrafted = "com.reactor.samples.commerce.support-follow-up-drafted";

    /// <summary>The CloudEvents type of the support tickets the support follow-up agent may open (its tool's arguments are the data).</summary>
    public const string SupportTicketRequested = "com.reactor.samples.commerce.support-ticket-requested";

    /// <summary>Registers every event type of the sample domain.</summary>
    /// <param name="reactor">The Reactor builder.</param>
    /// <returns>The builder.</returns>
    public static ReactorBuilder AddCommerceEventTypes(this ReactorBuilder reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        return reactor
            .AddEventType<Events.SignedIn>(SignedIn)
            .AddEventType<Events.PaymentFailed>(PaymentFailed)
            .AddEventType<Events.PaymentSucceeded>(PaymentSucceeded)
            .AddEventType<Events.CartUpdated>(CartUpdated)
            .AddEventType<Events.CheckoutCompleted>(CheckoutCompleted)
            .AddEventType<Events.AccountHoldRequested>(AccountHoldRequested)
            .AddEventType<Events.DeviceVerificationRequested>(DeviceVerificationRequested)
            .AddEventType<Events.HighValueCartFlagged>(HighValueCartFlagged)
            .AddEventType<Events.CartAbandoned>(CartAbandoned)
            .AddEventType<Events.SupportFollowUpDrafted>(SupportFollowUpDrafted);
    }
}
