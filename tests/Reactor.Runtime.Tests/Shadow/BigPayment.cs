namespace Reactor.Runtime.Tests.Shadow;

public sealed record BigPayment(int Amount, string Level);
