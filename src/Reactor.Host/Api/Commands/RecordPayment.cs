namespace Reactor.Host.Api.Commands;

/// <summary>The demo's command to record a customer's payment: failed when <paramref name="FailureReason"/> is set.</summary>
/// <param name="Amount">The amount.</param>
/// <param name="FailureReason">Why the payment failed, or <see langword="null"/> when it succeeded.</param>
public sealed record RecordPayment(decimal Amount, string? FailureReason = null);
