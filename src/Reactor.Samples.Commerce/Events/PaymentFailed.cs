namespace Reactor.Samples.Commerce.Events;

/// <summary>Records that a customer's payment was declined.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Amount">The amount attempted.</param>
/// <param name="Reason">Why the payment failed.</param>
public sealed record PaymentFailed(string CustomerId, decimal Amount, string Reason);
