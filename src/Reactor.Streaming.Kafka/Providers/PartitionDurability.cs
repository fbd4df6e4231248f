using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Grains;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Finds out, for the checkpoints of one partition, which entities have made the events they were given durable: from
/// the writes this silo's entities reported (<see cref="PartitionWriteNotices"/>) where those cover them, otherwise by
/// asking the entities. Forgets the notices of entities a commit left nothing to wait for, one commit later.
/// Used by one <see cref="KafkaQueueReceiver"/>, one checkpoint at a time.
/// </summary>
internal sealed partial class PartitionDurability : IDisposable
{
    private readonly TopicPartition _partition;
    private readonly string _partitionKey;
    private readonly PartitionCheckpointTracker _tracker;
    private readonly KafkaStreamOptions _options;
    private readonly EntitySubscriptions _subscriptions;
    private readonly KafkaPartitionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Writes of the entities on this silo, so a checkpoint confirms them without a call; null without a Reactor runtime.
    private readonly PartitionWriteNotices? _notices;
    private List<string> _releasedByLastCommit = [];

    // Completed at shutdown: a checkpoint spreading its requests over the interval sends the rest at once.
    private readonly TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the durability checks of one partition.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="partitionKey">The key under which entities record their position in it.</param>
    /// <param name="tracker">The partition's checkpoint tracker.</param>
    /// <param name="options">The provider's options (how many entities are asked at once, and over how long).</param>
    /// <param name="subscriptions">The entity grains that subscribe to the partition's topic.</param>
    /// <param name="notices">The writes reported for the partition on this silo; <see langword="null"/> without a Reactor runtime.</param>
    /// <param name="metrics">Counts how entities were confirmed.</param>
    /// <param name="time">The clock that paces the requests.</param>
    /// <param name="logger">The receiver's logger.</param>
    public PartitionDurability(
        TopicPartition partition,
        string partitionKey,
        PartitionCheckpointTracker tracker,
        KafkaStreamOptions options,
        EntitySubscriptions subscriptions,
        PartitionWriteNotices? notices,
        KafkaPartitionMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        _partition = partition;
        _partitionKey = partitionKey;
        _tracker = tracker;
        _options = options;
        _subscriptions = subscriptions;
        _notices = notices;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends a running checkpoint's remaining requests at once (shutdown).</summary>
    public void Hurry() => _hurry.TrySetResult();

    /// <summary>Forgets every reported write and released entity: the partition is read again from a new position.</summary>
    public void Reset()
    {
        _notices?.Clear();
        _releasedByLastCommit = [];
    }

    /// <summary>Stops receiving write notices.</summary>
    public void Dispose() => _notices?.Dispose();

    /// <summary>
    /// Finds which entities are durable (adding them to <paramref name="durable"/>): first from the writes this silo's
    /// entities reported, then by asking the rest for durability (or, at shutdown, to finish writing).
    /// </summary>
    public async Task<FlushOutcome> ConfirmAsync(IReadOnlyList<KeyValuePair<string, long>> entities, PartitionRewindState rewinds, CheckpointAsking asking, List<KeyValuePair<string, long>> durable)
    {
        var outcome = FlushOutcome.Durable;
        var toAsk = new List<KeyValuePair<string, long>>();
        foreach (var entity in entities)
        {
            switch (FromOwnWrites(entity, rewinds.EpochOf(entity.Key), asking.TrustOwnWrites))
            {
                case FlushOutcome.Durable:
                    durable.Add(entity);
                    break;
                case FlushOutcome.Pending:
                    outcome = FlushOutcome.Pending;
                    break;
                default:
                    toAsk.Add(entity);
                    break;
            }
        }

        var byWrites = durable.Count;
        // At shutdown every write is wanted at once; otherwise the requests are spread over part of the interval.
        var pacing = asking.WaitForWrites
            ? new CheckpointPacing(_options.MaxConcurrentFlushes, TimeSpan.Zero)
            : CheckpointPacing.Plan(toAsk.Count, _options.MaxConcurrentFlushes, _options.CheckpointInterval * _options.CheckpointSpread);
        var started = _time.GetTimestamp();
        var index = 0;
        foreach (var chunk in toAsk.Chunk(pacing.GroupSize))
        {
            var wait = pacing.StartOf(index++) - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero && !_hurry.Task.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(wait, _time), _hurry.Task);
            }

            var results = await Task.WhenAll(chunk.Select(entity => FlushEntityAsync(entity, rewinds.EpochOf(entity.Key), asking.WaitForWrites)));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (results[i] == FlushOutcome.Durable)
                {
                    durable.Add(chunk[i]);
                }
            }

            outcome = (FlushOutcome)Math.Max((int)outcome, (int)results.DefaultIfEmpty(FlushOutcome.Durable).Max());
            if (outcome == FlushOutcome.Lost)
            {
                break;
            }
        }

        _metrics.Confirmed(_partition, byWrites, durable.Count - byWrites);
        return outcome;
    }

    /// <summary>
    /// Judges an entity from the writes its grains reported on this silo: <see cref="FlushOutcome.Durable"/> when they
    /// cover its events; <see cref="FlushOutcome.Pending"/> when, on the first ask for this commit, every grain not yet
    /// covered is known to write here on its own schedule (its flush timer writes it before the next checkpoint, with no
    /// call); <see langword="null"/> when it must be asked.
    /// </summary>
    private FlushOutcome? FromOwnWrites(KeyValuePair<string, long> entity, long epoch, bool trustOwnWrites)
    {
        if (_notices is not { } notices)
        {
            return null;
        }

        var outcome = FlushOutcome.Durable;
        foreach (var type in _subscriptions.TypesFor(_partition.Topic))
        {
            if (notices.Covers(type, entity.Key, entity.Value, epoch))
            {
                continue;
            }

            if (!trustOwnWrites || !notices.HasWritten(type, entity.Key))
            {
                return null;
            }

            outcome = FlushOutcome.Pending;
        }

        return outcome;
    }

    private async Task<FlushOutcome> FlushEntityAsync(KeyValuePair<string, long> entity, long epoch, bool waitForWrites)
    {
        var outcome = FlushOutcome.Durable;
        foreach (var grain in _subscriptions.EntitiesFor(_partition.Topic, entity.Key))
        {
            if (_notices is { } notices)
            {
                var type = grain.GetGrainId().Type;
                if (notices.Covers(type, entity.Key, entity.Value, epoch))
                {
                    continue;
                }

                // From now on the entity's writes are noticed here (when it lives on this silo), the one this call starts included.
                notices.Expect(type, entity.Key);
            }

            try
            {
                // Normally asks the entity to start writing and reports what is durable, without waiting for the disk.
                var answer = waitForWrites ? await WrittenAsync(grain, epoch) : await grain.CheckpointAsync();
                var judged = EntityCoverage.Judge(answer, _partitionKey, _partition.Topic, entity.Value, epoch);
                if (judged == FlushOutcome.Lost)
                {
                    LogEntityBehind(_logger, entity.Key, _partitionKey, entity.Value, epoch);
                    return FlushOutcome.Lost;
                }

                outcome = (FlushOutcome)Math.Max((int)outcome, (int)judged);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
            {
                LogEntityFlushFailed(_logger, entity.Key, _partitionKey, ex);
                outcome = FlushOutcome.Failed;
            }
        }

        return outcome;
    }

    /// <summary>
    /// Records a commit. Entities it left nothing to wait for are forgotten by the write notices one commit later, unless
    /// they received events again meanwhile: an entity that comes back soon is still known to write here on its own.
    /// </summary>
    public void MarkCommitted(long offset)
    {
        if (_notices is not { } notices)
        {
            _tracker.MarkCommitted(offset);
            return;
        }

        var released = new List<string>();
        _tracker.MarkCommitted(offset, released);
        foreach (var entityId in _releasedByLastCommit)
        {
            if (!_tracker.IsTracking(entityId))
            {
                foreach (var type in _subscriptions.TypesFor(_partition.Topic))
                {
                    notices.Forget(type, entityId);
                }
            }
        }

        _releasedByLastCommit = released;
    }

    /// <summary>Waits for the entity's write; after a rewind, also asks for its epochs (a flush reports positions only).</summary>
    private static async Task<EntityDurability> WrittenAsync(IEntityGrain grain, long epoch)
    {
        var durable = await grain.FlushAsync();
        var epochs = epoch > 0 ? (await grain.CheckpointAsync()).Epochs : null;
        return new EntityDurability(durable, durable, epochs);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity {EntityId} lost events it was given: it is not durable up to offset {Offset} of {Partition} in replay epoch {Epoch}")]
    private static partial void LogEntityBehind(ILogger logger, string entityId, string partition, long offset, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity {EntityId} could not flush for a checkpoint of {Partition}")]
    private static partial void LogEntityFlushFailed(ILogger logger, string entityId, string partition, Exception exception);
}
