namespace Reactor.Samples.Commerce.Events;

/// <summary>Asks for a customer's account to be held (emitted by the payment-fraud rule).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Reason">Why.</param>
/// <param name="FailedPayments">How many payments failed within the window.</param>
public sealed record AccountHoldRequested(string CustomerId, string Reason, int FailedPayments);
