namespace Reactor.Samples.Commerce.Events;

/// <summary>Records that a customer's payment went through.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Amount">The amount paid.</param>
public sealed record PaymentSucceeded(string CustomerId, decimal Amount);
