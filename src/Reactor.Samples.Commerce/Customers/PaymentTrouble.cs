namespace Reactor.Samples.Commerce.Customers;

/// <summary>What the support follow-up agent is told about a customer whose payments keep failing.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="FailedPayments">Failed payments within the fraud window.</param>
/// <param name="FailedAmount">Their total amount.</param>
/// <param name="LastCountry">The country of the latest sign-in, when known.</param>
/// <param name="LifetimeSpend">The total of the customer's successful payments.</param>
public sealed record PaymentTrouble(string CustomerId, int FailedPayments, decimal FailedAmount, string? LastCountry, decimal LifetimeSpend);
