using Reactor.Abstractions;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>Judges whether an entity's answer to a checkpoint covers the events a partition reader gave it.</summary>
internal static class EntityCoverage
{
    /// <summary>Judges one entity's answer.</summary>
    /// <param name="answer">What the entity reported.</param>
    /// <param name="partitionKey">The partition's <c>topic/partition</c> key.</param>
    /// <param name="topic">The partition's topic.</param>
    /// <param name="offset">The highest offset below the commit the reader gave the entity.</param>
    /// <param name="epoch">The replay epoch the reader stamped on the entity's events.</param>
    /// <returns>What the answer means for the commit.</returns>
    public static FlushOutcome Judge(EntityDurability answer, string partitionKey, string topic, long offset, long epoch)
    {
        // An answer without epochs comes from a silo older than them (a rolling upgrade): positions are all there is.
        if (answer.Epochs is { } epochs)
        {
            var entityEpoch = epochs.GetValueOrDefault(topic);
            if (entityEpoch < epoch)
            {
                // The activation holds state from before the rewind: the one that rebuilt it died before writing, and its
                // positions, from the old epoch, say nothing about the replayed events.
                return FlushOutcome.Lost;
            }

            if (entityEpoch > epoch)
            {
                // A newer rewind reset the entity (through another topic of the rewind) and it dropped these events as
                // superseded; the replay brings them again once this reader starts that rewind.
                return FlushOutcome.Pending;
            }
        }

        if (Covers(answer.Durable, partitionKey, offset))
        {
            return FlushOutcome.Durable;
        }

        return Covers(answer.Applied, partitionKey, offset) ? FlushOutcome.Pending : FlushOutcome.Lost;
    }

    private static bool Covers(IReadOnlyDictionary<string, long> positions, string partitionKey, long offset) =>
        positions.TryGetValue(partitionKey, out var covered) && covered >= offset;
}
