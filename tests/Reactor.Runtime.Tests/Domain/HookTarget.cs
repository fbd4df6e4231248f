namespace Reactor.Runtime.Tests.Domain;

/// <summary>Where the hook entity's webhook goes: a receiver the test starts, registered in the silo's services.</summary>
public sealed record HookTarget(Uri Endpoint);
