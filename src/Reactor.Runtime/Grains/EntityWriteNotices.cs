using System.Collections.Concurrent;

namespace Reactor.Runtime.Grains;

/// <summary>
/// Tells the partition readers of this silo what entity writes made durable, so a checkpoint can confirm an entity
/// that lives here from its own writes instead of calling it. Only hints: an entity no notice covers is asked, as
/// before, and a notice is only ever given for a write that succeeded.
/// </summary>
internal sealed class EntityWriteNotices
{
    private readonly ConcurrentDictionary<string, PartitionWriteNotices> _partitions = new(StringComparer.Ordinal);

    /// <summary>Starts collecting notices for one partition; a newer reader of the same partition takes over from an older one.</summary>
    /// <param name="partitionKey">The partition's <c>topic/partition</c> key, as entities record their positions.</param>
    /// <param name="topic">The partition's topic, whose replay epoch a write's positions count in.</param>
    /// <returns>The partition's notices; dispose them when the reader stops.</returns>
    public PartitionWriteNotices Watch(string partitionKey, string topic)
    {
        var notices = new PartitionWriteNotices(this, partitionKey, topic);
        _partitions[partitionKey] = notices;
        return notices;
    }

    /// <summary>Records a successful write of an entity grain.</summary>
    /// <param name="type">The grain type of the entity that wrote.</param>
    /// <param name="entityId">Its entity id (the grain's key).</param>
    /// <param name="positions">The positions the written state covers, per <c>topic/partition</c>.</param>
    /// <param name="epochs">The replay epoch per topic of the written state.</param>
    public void Written(GrainType type, string entityId, IReadOnlyDictionary<string, long> positions, IReadOnlyDictionary<string, long> epochs)
    {
        if (_partitions.IsEmpty)
        {
            return;
        }

        foreach (var (partitionKey, offset) in positions)
        {
            if (_partitions.TryGetValue(partitionKey, out var notices))
            {
                notices.Written(type, entityId, offset, epochs.GetValueOrDefault(notices.Topic));
            }
        }
    }

    internal void Unwatch(PartitionWriteNotices notices) =>
        _partitions.TryRemove(KeyValuePair.Create(notices.PartitionKey, notices));
}
