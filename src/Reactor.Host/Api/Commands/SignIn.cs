namespace Reactor.Host.Api.Commands;

/// <summary>The demo's command to sign a customer in from a device (it becomes a <c>SignedIn</c> event).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Country">The country signed in from.</param>
public sealed record SignIn(string DeviceId, string Country);
