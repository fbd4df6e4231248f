namespace Reactor.Streaming.Kafka.Tests.Encoding;

/// <summary>A registered test event.</summary>
public sealed record OrderPlaced(string OrderId, decimal Amount);
