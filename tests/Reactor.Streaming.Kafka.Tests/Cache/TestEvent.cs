namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>A synthetic event: the entity it belongs to and its position among that entity's events.</summary>
[GenerateSerializer]
[Alias("Reactor.Streaming.Kafka.Tests.Cache.TestEvent")]
public sealed record TestEvent([property: Id(0)] string Entity, [property: Id(1)] int Sequence);
