namespace Reactor.Host.Dashboard;

/// <summary>One partition's consumer lag.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Lag">High watermark minus committed offset.</param>
public sealed record PartitionLag(string Topic, int Partition, long Lag);
