namespace Orleans.Configuration;

/// <summary>Configures Reactor's in-process event source (the transport of the demo and of tests without Kafka).</summary>
public sealed class InProcessSourceOptions
{
    /// <summary>Gets or sets the name of the Orleans memory stream provider the source publishes to. Default: <c>reactor</c>.</summary>
    public string StreamProviderName { get; set; } = "reactor";

    /// <summary>Gets or sets how many partitions each topic is split into (entities hash to one). Default: 4.</summary>
    public int PartitionsPerTopic { get; set; } = 4;
}
