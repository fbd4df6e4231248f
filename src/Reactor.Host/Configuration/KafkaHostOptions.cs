using Orleans.Configuration;

namespace Reactor.Host.Configuration;

/// <summary>Configures where the host reads events from (sections <c>Reactor:Kafka</c> and <c>Reactor:DevBroker</c>).</summary>
public sealed class KafkaHostOptions
{
    /// <summary>The configuration section of the Kafka connection.</summary>
    public const string SectionName = "Reactor:Kafka";

    /// <summary>Gets or sets the Kafka bootstrap servers; ignored while the embedded dev broker is enabled. Default: none.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Gets or sets the consumer group the host commits offsets to. Default: <c>reactor</c>.</summary>
    public string GroupId { get; set; } = "reactor";

    /// <summary>Gets or sets the partition count of the demo topics when the host creates them. Default: 4.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>Gets or sets the stream provider's queue cache (section <c>Reactor:Kafka:Cache</c>): memory budget, events per partition. Default: the provider's defaults.</summary>
    public KafkaQueueCacheOptions Cache { get; set; } = new();
}
