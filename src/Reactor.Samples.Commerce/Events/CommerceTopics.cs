namespace Reactor.Samples.Commerce.Events;

/// <summary>Names the sample domain's topics.</summary>
public static class CommerceTopics
{
    /// <summary>Sign-ins, keyed by customer id.</summary>
    public const string SignIns = "signins";

    /// <summary>Payment outcomes, keyed by customer id.</summary>
    public const string Payments = "payments";

    /// <summary>Cart changes and checkouts, keyed by session id.</summary>
    public const string Carts = "carts";

    /// <summary>Actions requested by customer rules, keyed by customer id.</summary>
    public const string CustomerActions = "customer-actions";

    /// <summary>Actions requested by session rules, keyed by session id.</summary>
    public const string SessionActions = "session-actions";
}
