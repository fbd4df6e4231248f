namespace Reactor.Host.Kafka;

/// <summary>Names the Kafka cluster the demo generator produces to.</summary>
/// <param name="BootstrapServers">The bootstrap servers.</param>
internal sealed record DemoKafkaConnection(string BootstrapServers);
