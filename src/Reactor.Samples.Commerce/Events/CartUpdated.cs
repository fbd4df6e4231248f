namespace Reactor.Samples.Commerce.Events;

/// <summary>Records a change to a session's cart: a quantity of zero removes the item.</summary>
/// <param name="SessionId">The shopping session.</param>
/// <param name="CustomerId">The customer shopping.</param>
/// <param name="Sku">The item.</param>
/// <param name="Quantity">The item's new quantity.</param>
/// <param name="UnitPrice">The item's price.</param>
public sealed record CartUpdated(string SessionId, string CustomerId, string Sku, int Quantity, decimal UnitPrice);
