namespace Reactor.Testing.Tests.Rules;

public sealed record Closed(string Why);
