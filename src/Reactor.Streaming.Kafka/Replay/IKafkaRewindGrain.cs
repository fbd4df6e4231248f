namespace Reactor.Streaming.Kafka.Replay;

/// <summary>
/// Rewinds the topics of one Kafka stream provider (the grain key is the provider name) and reports progress. The
/// provider's partition readers pick a rewind up at their next checkpoint, seek back, and stamp the replayed events with
/// the rewind's epoch; each entity that meets the new epoch resets its state and rebuilds it from the replayed events,
/// with the side effects of reactions to already-read events suppressed.
/// </summary>
[Alias("reactor.kafka.IKafkaRewindGrain")]
public interface IKafkaRewindGrain : IGrainWithStringKey
{
    /// <summary>Starts a rewind. It is durable once this returns; follow it with <see cref="GetStatusAsync"/>.</summary>
    /// <param name="request">The topics, the entity (or all) and the target.</param>
    /// <returns>The rewind's status, with its id.</returns>
    /// <exception cref="ArgumentException">A topic is not read by the provider, or the entity id is blank.</exception>
    Task<KafkaRewindStatus> RewindAsync(KafkaRewindRequest request);

    /// <summary>Reports a rewind's progress.</summary>
    /// <param name="id">The rewind's id.</param>
    /// <returns>The status, or <see langword="null"/> when there is no such rewind.</returns>
    Task<KafkaRewindStatus?> GetStatusAsync(long id);

    /// <summary>Lists the provider's rewinds, oldest first.</summary>
    /// <returns>Their statuses.</returns>
    Task<IReadOnlyList<KafkaRewindStatus>> ListAsync();

    /// <summary>Lists the rewinds that concern one partition, for the provider's partition reader.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <returns>The rewinds, oldest first.</returns>
    Task<IReadOnlyList<KafkaPartitionRewind>> GetPartitionRewindsAsync(string topic, int partition);

    /// <summary>Records that a partition reader has rewound for a rewind, for the provider's partition reader.</summary>
    /// <param name="id">The rewind's id.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="from">The offset the reader started again at.</param>
    /// <param name="end">The offset the reader had read up to.</param>
    /// <param name="committed">The offset the reader had committed: every entity is durable below it.</param>
    /// <returns>A task that completes once the record is durable.</returns>
    Task StartedAsync(long id, string topic, int partition, long from, long end, long committed);

    /// <summary>Records a partition reader's committed offset as the progress of its rewinds, for the provider's partition reader.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="committed">The committed offset.</param>
    /// <returns>A task that completes once the progress is stored.</returns>
    Task ReportAsync(string topic, int partition, long committed);
}
