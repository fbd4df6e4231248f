namespace Reactor.Samples.Commerce.Events;

/// <summary>Records that a customer signed in from a device.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="DeviceId">The device signed in from.</param>
/// <param name="Country">The country the sign-in came from (ISO code).</param>
public sealed record SignedIn(string CustomerId, string DeviceId, string Country);
