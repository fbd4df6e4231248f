namespace Reactor.Testing.Tests.Rules;

public sealed record Reading(double Value, string Source);
