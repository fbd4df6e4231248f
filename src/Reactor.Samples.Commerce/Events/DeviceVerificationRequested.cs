namespace Reactor.Samples.Commerce.Events;

/// <summary>Asks a customer to verify a new device (emitted by the new-device rule).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="DeviceId">The new device.</param>
/// <param name="Country">Where the sign-in came from.</param>
public sealed record DeviceVerificationRequested(string CustomerId, string DeviceId, string Country);
