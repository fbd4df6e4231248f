namespace Reactor.Samples.Commerce.Events;

/// <summary>Flags a large open cart for a proactive offer (emitted by the high-value-cart rule).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Total">The cart total.</param>
public sealed record HighValueCartFlagged(string SessionId, string CustomerId, decimal Total);
