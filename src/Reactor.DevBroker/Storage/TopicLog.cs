namespace Reactor.DevBroker.Storage;

/// <summary>Groups the partitions of one topic.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Directory">The topic's directory.</param>
/// <param name="Partitions">The partitions, indexed by partition number.</param>
internal sealed record TopicLog(string Name, string Directory, PartitionLog[] Partitions);
