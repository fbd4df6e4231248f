namespace Reactor.Streaming.Kafka.Tests.Encoding;

/// <summary>A second registered test event.</summary>
public sealed record CartCleared(string Reason);
