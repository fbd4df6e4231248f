namespace Reactor.Runtime.Tests.Shadow;

public sealed record Refund(int Amount);
