namespace Reactor.Runtime.Tests.Domain;

/// <summary>A command reactions send to <see cref="ICommandSinkGrain"/>; Orleans serializes it for the grain call.</summary>
[GenerateSerializer]
[Alias("tests.Ping")]
public sealed record Ping([property: Id(0)] int Amount);
