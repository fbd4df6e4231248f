namespace Reactor.Samples.Commerce.Events;

/// <summary>Reports a cart left with items and no checkout.</summary>
/// <param name="SessionId">The shopping session.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Items">How many lines the cart holds.</param>
/// <param name="Total">The cart total.</param>
public sealed record CartAbandoned(string SessionId, string CustomerId, int Items, decimal Total);
