namespace Reactor.Runtime.Tests.Shadow;

public sealed record Payment(int Amount);
