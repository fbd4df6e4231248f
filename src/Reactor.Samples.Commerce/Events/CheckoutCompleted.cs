namespace Reactor.Samples.Commerce.Events;

/// <summary>Records that a session's cart was checked out.</summary>
/// <param name="SessionId">The shopping session.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="OrderId">The order created.</param>
/// <param name="Total">The order total.</param>
public sealed record CheckoutCompleted(string SessionId, string CustomerId, string OrderId, decimal Total);
