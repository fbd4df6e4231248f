using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Metrics;
using Reactor.Streaming.Kafka.Cache;
using Reactor.Streaming.Kafka.Delivery;
using Reactor.Streaming.Kafka.Egress;
using Reactor.Streaming.Kafka.Encoding;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Reads one Kafka partition for the pulling agent. It commits an offset only once every entity that received
/// events below it confirms, through <see cref="IEntityGrain.FlushAsync"/>, that those events are durable; an
/// entity that lost unflushed events (its silo died) makes the receiver rewind to the last commit and deliver
/// again, and entities drop what they already applied.
/// </summary>
internal sealed partial class KafkaQueueReceiver : IQueueAdapterReceiver
{
    private readonly TopicPartition _partition;
    private readonly string _partitionKey;
    private readonly KafkaStreamOptions _options;
    private readonly Func<ConsumeResult<byte[]?, byte[]?>, KafkaDecodeResult> _decode;
    private readonly IDeadLetterSink _deadLetters;
    private readonly KafkaPartitionMetrics _metrics;
    private readonly ReactorMetrics _reactorMetrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PartitionCheckpointTracker _tracker;
    private readonly IKafkaRewindGrain _rewindGrain;
    private readonly Func<EntityIndexedQueueCache?> _queueCache;
    private readonly IDisposable _cacheShare;

    // The most events one read turn hands to direct delivery; its room is the real bound.
    private const int DirectReadLimit = 65_536;

    // Hands events to the entities directly when only entities react to the topic; otherwise they go to the pulling agent.
    private readonly EntityDeliveryPump? _pump;

    // Which entities are durable for a checkpoint: from their writes on this silo, or by asking them.
    private readonly PartitionDurability _durability;
    private PartitionRewindState? _rewinds;

    // Started rewinds this reader has sought back for (or found finished), so it reads their replay from their progress.
    private readonly HashSet<long> _adoptedRewinds = [];
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private long _lastCheckpoint;
    private bool _checkpointNow;
    private Task<CheckpointResult?>? _runningCheckpoint;

    // The offset a checkpoint found entities still writing for. The next checkpoint asks for that same offset again
    // rather than a newer one: under steady load some entity always has events newer than its last write, so a target
    // that moves with the read position would never be reached and nothing would ever be committed.
    private (long Offset, int Generation)? _pendingCommit;
    private long _nextSequence;
    private long? _restartAt;

    public KafkaQueueReceiver(
        TopicPartition partition,
        IKafkaRewindGrain rewindGrain,
        KafkaStreamOptions options,
        Func<ConsumeResult<byte[]?, byte[]?>, KafkaDecodeResult> decode,
        IDeadLetterSink deadLetters,
        EntitySubscriptions subscriptions,
        KafkaPartitionMetrics metrics,
        ReactorMetrics reactorMetrics,
        TimeProvider time,
        IDisposable cacheShare,
        Func<EntityIndexedQueueCache?> queueCache,
        EntityWriteNotices? writeNotices,
        EntityDeliveryPump? pump,
        ILogger logger)
    {
        _pump = pump;
        _partition = partition;
        _tracker = new PartitionCheckpointTracker(partition.Topic);
        _cacheShare = cacheShare;
        _queueCache = queueCache;
        _rewindGrain = rewindGrain;
        _partitionKey = LogPosition.FormatPartitionKey(partition.Topic, partition.Partition.Value);
        _options = options;
        _decode = decode;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _reactorMetrics = reactorMetrics;
        _time = time;
        _logger = logger;
        _durability = new PartitionDurability(
            partition, _partitionKey, _tracker, options, subscriptions, writeNotices?.Watch(_partitionKey, partition.Topic), metrics, time, logger);
    }

    /// <summary>Gets the checkpoint state, for tests and diagnostics.</summary>
    internal PartitionCheckpointTracker Tracker => _tracker;

    public Task Initialize(TimeSpan timeout) => Initialize(timeout, CancellationToken.None);

    public Task Initialize(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The pulling agent only logs initialization failures; GetQueueMessagesAsync retries until it works.
        StartConsumerAt(null);
        return Task.CompletedTask;
    }

#pragma warning disable CS0618 // Orleans 10 still declares the overloads without a token abstract.
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);
#pragma warning restore CS0618

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (_consumer is null && !StartConsumerAt(_restartAt))
        {
            return [];
        }

        // Rewinds decide the epoch stamped on each event, so nothing is read before they are known.
        if (_rewinds is null && !await TryRefreshRewindsAsync())
        {
            return [];
        }

        ApplyDeliveries();
        await CheckpointIfDueAsync();
        var batch = new List<IBatchContainer>();
        var cache = _pump is null ? _queueCache() : null;

        // Read nothing when the agent called only because held-back streams can be woken (the cache is full). Direct
        // delivery reads until its mailboxes are full: the agent reads again only at its next tick when a read returns
        // nothing, and a backlog's events reach an entity in one call only if they are read before its call is made.
        var limit = _pump is not null ? DirectReadLimit : cache is { HasRoom: false } ? 0 : Math.Min(maxCount, _options.MaxBatchSize);
        var taken = 0;
        var pumpHasRoom = _pump is null || _pump.HasRoom;
        while (taken < limit && pumpHasRoom)
        {
            ConsumeResult<byte[]?, byte[]?>? message;
            try
            {
                message = _consumer!.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException ex)
            {
                LogConsumeError(_logger, _partition.ToString(), ex.Error.Reason, ex);
                break;
            }

            if (message is null)
            {
                break;
            }

            if (message.IsPartitionEOF)
            {
                continue;
            }

            var offset = message.Offset.Value;
            var decoded = _decode(message);
            if (decoded.IsValid)
            {
                var stamp = _rewinds!.Stamp(decoded.Envelope.EntityId, offset);
                if (stamp.Skip)
                {
                    _tracker.Settled(offset);
                    continue;
                }

                var entityId = decoded.Envelope.EntityId;
                var previous = _tracker.Delivering(offset, ref entityId, out var stream);
                var envelope = previous is null && stamp.Epoch == 0 && !stamp.IsReplay
                    ? decoded.Envelope
                    : decoded.Envelope with { EntityId = entityId, PreviousOffset = previous, Epoch = stamp.Epoch, EpochTopics = stamp.Topics, IsReplay = stamp.IsReplay };
                taken++;
                if (_pump is not null)
                {
                    pumpHasRoom = _pump.Enqueue(envelope, _tracker.Generation);
                }
                else
                {
                    batch.Add(new KafkaBatchContainer(stream, envelope, _tracker.Generation, _nextSequence++));
                }
            }
            else if (_rewinds!.IsHandledHistory(offset))
            {
                // Dead-lettered when it was first read, before the rewind.
                _tracker.Settled(offset);
            }
            else if (await TryDeadLetterAsync(message, decoded, cancellationToken))
            {
                _reactorMetrics.DeadLettered(decoded.Reason.Value);
                _tracker.Settled(offset);
            }
            else
            {
                // Shutdown cancelled the dead-letter write: the record is neither settled nor committed, so the read
                // stops before it and whoever reads the partition next dead-letters it.
                _consumer!.Seek(new TopicPartitionOffset(_partition, offset));
                break;
            }
        }

        if (taken > 0)
        {
            _metrics.Read(_partition, taken);
        }

        if (cache is not null)
        {
            batch.AddRange(cache.TakeWakeUps());
            if (cache.TakeUnreportedHeldBack() is > 0 and var heldBack)
            {
                _metrics.HeldBack(_partition, heldBack);
            }
        }

        return batch;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            if (message is KafkaBatchContainer container)
            {
                _tracker.Delivered(container.Envelope.Position.Offset, container.Generation);
            }
        }

        _metrics.Delivered(_partition, messages.Count);
        if (messages is IDeliveryOutcomes { FailedDeliveries.Count: > 0 } outcomes)
        {
            // The entity did not apply these (its grain call kept failing until the agent gave up); it refuses its later
            // events, so the next checkpoint finds it behind and rewinds. Checkpoint now rather than at the interval.
            _metrics.DeliveryFailed(_partition, outcomes.FailedDeliveries.Count);
            var first = (KafkaBatchContainer)outcomes.FailedDeliveries[0];
            LogDeliveryFailed(_logger, outcomes.FailedDeliveries.Count, _partition.ToString(), first.Envelope.EntityId, first.Envelope.Position.Offset);
            _checkpointNow = true;
        }

        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    public async Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The agent reads no more of this partition: its share of the cache budget goes to the silo's other partitions.
        _cacheShare.Dispose();
        var consumer = _consumer;
        if (consumer is null)
        {
            _pump?.Stop();
            _durability.Dispose();
            return;
        }

        var started = _time.GetTimestamp();
        try
        {
            // Deliver what was read, then make it durable and commit it, within the time the agent allows.
            await DrainDeliveriesAsync(timeout / 2, cancellationToken);
            _durability.Hurry();
            var left = timeout - _time.GetElapsedTime(started);
            await CheckpointUntilDurableAsync().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or KafkaException or OrleansException)
        {
            LogShutdownCheckpointFailed(_logger, _partition.ToString(), ex);
        }
        finally
        {
            _durability.Dispose();
            _metrics.Untrack(_partition);
            _consumer = null;
            consumer.Close();
            consumer.Dispose();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the direct deliveries of what was read, then stops them and records what was delivered.</summary>
    private async Task DrainDeliveriesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_pump is null)
        {
            return;
        }

        try
        {
            await _pump.DrainAsync().WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, _partition.ToString(), _pump.PendingEvents, timeout.TotalSeconds);
        }
        finally
        {
            _pump.Stop();
            ApplyDeliveries();
        }
    }

    /// <summary>Records the direct deliveries that finished since the last read turn, so checkpoints can commit past them.</summary>
    private void ApplyDeliveries()
    {
        if (_pump is null)
        {
            return;
        }

        var failed = 0;
        DeliveredEvent firstFailed = default;
        var count = _pump.TakeDelivered(item =>
        {
            _tracker.Delivered(item.Offset, item.Generation);
            if (item.Failed && failed++ == 0)
            {
                firstFailed = item;
            }
        });
        if (count > 0)
        {
            _metrics.Delivered(_partition, count);
        }

        if (failed > 0)
        {
            // The entity did not apply these; it refuses its later events, so the next checkpoint finds it behind and
            // rewinds. Checkpoint now rather than at the interval.
            _metrics.DeliveryFailed(_partition, failed);
            LogDeliveryFailed(_logger, failed, _partition.ToString(), firstFailed.EntityId, firstFailed.Offset);
            _checkpointNow = true;
        }

        if (_pump.TakeHeldBack() is > 0 and var heldBack)
        {
            _metrics.HeldBack(_partition, heldBack);
        }
    }

    /// <summary>Starts reading at <paramref name="offset"/>, or where the group's commit or the start position says when it is <see langword="null"/>.</summary>
    private bool StartConsumerAt(long? offset)
    {
        IConsumer<byte[]?, byte[]?>? consumer = null;
        try
        {
            consumer = KafkaClients.CreateConsumer(_options, _logger);
            var start = offset ?? StartOffset(consumer);
            consumer.Assign(new TopicPartitionOffset(_partition, start));
            _tracker.Reset(start);
            _pump?.StartGeneration(_tracker.Generation);
            _durability.Reset();
            _nextSequence = Math.Max(_nextSequence, start);
            _lastCheckpoint = _time.GetTimestamp() - RandomCheckpointPhase();
            _consumer = consumer;
            _restartAt = null;
            _metrics.Track(_partition, Lag);
            LogStarted(_logger, _partition.ToString(), start);
            return true;
        }
        catch (KafkaException ex)
        {
            LogStartFailed(_logger, _partition.ToString(), ex.Error.Reason, ex);
            consumer?.Dispose();
            return false;
        }
    }

    private long StartOffset(IConsumer<byte[]?, byte[]?> consumer)
    {
        var committed = consumer.Committed([_partition], _options.MetadataTimeout).Single().Offset;
        if (committed != Offset.Unset && committed.Value >= 0)
        {
            return committed.Value;
        }

        var watermarks = consumer.QueryWatermarkOffsets(_partition, _options.MetadataTimeout);
        switch (_options.StartPosition)
        {
            case KafkaStartPosition.Latest:
                return watermarks.High.Value;
            case KafkaStartPosition.Timestamp:
                return KafkaOffsets.AtOrAfter(consumer, _partition, _options.StartTimestamp!.Value, watermarks.High.Value, _options.MetadataTimeout);
            default:
                return watermarks.Low.Value;
        }
    }

    private long? Lag()
    {
        var consumer = _consumer;
        if (consumer is null)
        {
            return null;
        }

        var high = consumer.GetWatermarkOffsets(_partition).High;
        return high == Offset.Unset ? null : Math.Max(0, high.Value - _tracker.Committed);
    }

    /// <summary>
    /// Finishes a checkpoint whose flushes have completed, and starts the next one when it is due. Flushes run in the
    /// background while the partition keeps reading; their outcome (commit, or rewind) is applied here, in a read turn.
    /// </summary>
    private async Task CheckpointIfDueAsync()
    {
        if (_runningCheckpoint is { IsCompleted: true } finished)
        {
            _runningCheckpoint = null;
            await FinishCheckpointAsync(await finished);
        }

        if (_runningCheckpoint is not null || (!_checkpointNow && _time.GetElapsedTime(_lastCheckpoint) < _options.CheckpointInterval))
        {
            return;
        }

        _checkpointNow = false;
        _lastCheckpoint = _time.GetTimestamp();
        await TryRefreshRewindsAsync();
        _runningCheckpoint = StartCheckpoint(waitForWrites: false);
        if (_runningCheckpoint is null)
        {
            // Nothing new to commit, but a replay's last report may have been lost (its grain's silo died): say it again,
            // or the rewind would wait for a commit that never comes.
            await TryReportReplayProgressAsync();
        }
    }

    /// <summary>Runs a checkpoint that waits for the entities' writes, so everything delivered is committed, for shutdown.</summary>
    private async Task CheckpointUntilDurableAsync()
    {
        if (_runningCheckpoint is { } running)
        {
            _runningCheckpoint = null;
            await FinishCheckpointAsync(await running);
        }

        if (StartCheckpoint(waitForWrites: true) is { } final)
        {
            await FinishCheckpointAsync(await final);
        }
    }

    /// <summary>Picks the offset to commit and the entities that must be durable first, and starts flushing them.</summary>
    /// <param name="waitForWrites">Whether entities are asked to finish writing (<see cref="IEntityGrain.FlushAsync"/>, at shutdown) or only to start (<see cref="IEntityGrain.CheckpointAsync"/>).</param>
    /// <returns>The running checkpoint, or <see langword="null"/> when there is nothing to commit.</returns>
    private Task<CheckpointResult?>? StartCheckpoint(bool waitForWrites)
    {
        var askedBefore = !waitForWrites && _pendingCommit is { } pending && pending.Generation == _tracker.Generation;
        var committable = askedBefore ? _pendingCommit!.Value.Offset : _tracker.Committable;
        var entities = _tracker.EntitiesBelow(committable);
        if (_consumer is not { } consumer || (committable <= _tracker.Committed && entities.Count == 0))
        {
            return null;
        }

        var asking = new CheckpointAsking(waitForWrites, TrustOwnWrites: !waitForWrites && !askedBefore);
        return FlushAndCommitAsync(consumer, entities, committable, commit: committable > _tracker.Committed, _tracker.Generation, _rewinds ?? PartitionRewindState.None, asking);
    }

    /// <summary>
    /// Flushes the entities and, once all are durable, commits <paramref name="committable"/> when <paramref name="commit"/>
    /// (the group does not have it yet). The consumer stays open meanwhile: it is only closed
    /// (shutdown, rewind, restart) after the running checkpoint has finished.
    /// </summary>
    private async Task<CheckpointResult?> FlushAndCommitAsync(
        IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<KeyValuePair<string, long>> entities, long committable, bool commit, int generation, PartitionRewindState rewinds, CheckpointAsking asking)
    {
        var durable = new List<KeyValuePair<string, long>>();
        FlushOutcome outcome;
        try
        {
            outcome = await _durability.ConfirmAsync(entities, rewinds, asking, durable);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogCheckpointFailed(_logger, _partition.ToString(), ex);
            return new CheckpointResult(generation, committable, FlushOutcome.Failed, durable, Committed: false);
        }

        if (outcome != FlushOutcome.Durable || !commit)
        {
            return new CheckpointResult(generation, committable, outcome, durable, Committed: false);
        }

        try
        {
            await CommitOffPoolAsync(consumer, new TopicPartitionOffset(_partition, committable));
            return new CheckpointResult(generation, committable, outcome, durable, Committed: true);
        }
        catch (KafkaException ex)
        {
            LogCheckpointFailed(_logger, _partition.ToString(), ex);
            return new CheckpointResult(generation, committable, FlushOutcome.Failed, durable, Committed: false);
        }
    }

    /// <summary>
    /// Commits on a thread of its own: librdkafka's commit blocks until the coordinator answers, and a blocked pool
    /// thread is one fewer for the silo's grains (and for an in-process broker answering that very commit). On two
    /// cores, the partitions' commits used to hold every pool thread for up to a second, with nothing applied anywhere.
    /// </summary>
    private static Task CommitOffPoolAsync(IConsumer<byte[]?, byte[]?> consumer, TopicPartitionOffset offset) =>
        Task.Factory.StartNew(() => consumer.Commit([offset]), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private async Task FinishCheckpointAsync(CheckpointResult? result)
    {
        // A checkpoint started before a rewind or restart speaks of offsets that are being read again.
        if (result is null || result.Generation != _tracker.Generation || _consumer is null)
        {
            _pendingCommit = null;
            return;
        }

        _pendingCommit = result.Outcome == FlushOutcome.Pending ? (result.Committable, result.Generation) : null;
        foreach (var (entityId, offset) in result.DurableEntities)
        {
            _tracker.ConfirmDurable(entityId, offset, result.Generation);
        }

        try
        {
            switch (result.Outcome)
            {
                case FlushOutcome.Lost:
                    // An entity came back with less than it was given: deliver everything since the last commit again.
                    // A new consumer rather than a seek: nothing fetched before the rewind can slip in after it.
                    LogRewinding(_logger, _partition.ToString(), _tracker.Committed);
                    RestartConsumerAt(_tracker.Committed);
                    return;
                case FlushOutcome.Failed or FlushOutcome.Pending:
                    return;
            }

            if (result.Committed)
            {
                _metrics.Committed(_partition);
            }

            _durability.MarkCommitted(result.Committable);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogCheckpointFailed(_logger, _partition.ToString(), ex);
            return;
        }

        await TryReportReplayProgressAsync();
    }

    /// <summary>Tells the rewind grain how far a replay of this partition is durable (the committed offset), while one runs.</summary>
    private async Task TryReportReplayProgressAsync()
    {
        if (_rewinds is not { IsReplaying: true })
        {
            return;
        }

        try
        {
            await _rewindGrain.ReportAsync(_partition.Topic, _partition.Partition.Value, _tracker.Committed);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogReplayReportFailed(_logger, _partition.ToString(), ex);
        }
    }

    private async Task<bool> TryRefreshRewindsAsync()
    {
        try
        {
            await RefreshRewindsAsync();
            return true;
        }
        catch (Exception ex) when (ex is KafkaException or OrleansException or TimeoutException or InvalidOperationException)
        {
            LogRewindsUnavailable(_logger, _partition.ToString(), ex);
            return false;
        }
    }

    /// <summary>
    /// Reads the partition's rewinds, starts the new ones, and seeks back for started ones this reader has not sought
    /// back for: those a previous owner of the partition started, and one whose start the rewind grain recorded while
    /// its answer to this reader was lost.
    /// </summary>
    /// <remarks>
    /// Starting a rewind commits its start offset first (a reader that restarts in between re-reads from there, which
    /// only redelivers), records where the replay runs, then reads again from there with a new consumer, so nothing
    /// fetched before the rewind slips in after it. A started rewind's durable progress, not the group's committed offset,
    /// says where its replay goes on: a reader that kept reading after a lost start answer may have committed past it.
    /// </remarks>
    private async Task RefreshRewindsAsync()
    {
        var topic = _partition.Topic;
        var partition = _partition.Partition.Value;
        var rewinds = await _rewindGrain.GetPartitionRewindsAsync(topic, partition);
        if (_consumer is not { } consumer)
        {
            _rewinds = new PartitionRewindState(rewinds);
            return;
        }

        var pending = rewinds.Where(r => !r.Started).ToList();
        var unadopted = rewinds.Where(r => r.Started && !_adoptedRewinds.Contains(r.Id)).ToList();
        long? restartAt = ReplayPosition(unadopted);
        if (pending.Count > 0)
        {
            var end = _tracker.NextOffset;
            var committed = _tracker.Committed;
            var from = Math.Min(end, pending.Min(r => RewindOffset(consumer, r.Target)));
            await CommitOffPoolAsync(consumer, new TopicPartitionOffset(_partition, from));
            foreach (var rewind in pending)
            {
                await _rewindGrain.StartedAsync(rewind.Id, topic, partition, from, end, committed);
            }

            rewinds = await _rewindGrain.GetPartitionRewindsAsync(topic, partition);
            LogRewindStarted(_logger, _partition.ToString(), from, end);
            restartAt = Math.Min(restartAt ?? from, from);
        }
        else if (restartAt is { } resume && resume < _tracker.NextOffset)
        {
            LogReplayResumed(_logger, _partition.ToString(), resume, _tracker.NextOffset);
        }

        _rewinds = new PartitionRewindState(rewinds);
        if (restartAt is { } offset && (pending.Count > 0 || offset < _tracker.NextOffset))
        {
            RestartConsumerAt(offset);
        }

        // Only now: a start that failed half-way leaves its recorded rewinds unadopted, so the next refresh seeks back for them.
        _adoptedRewinds.UnionWith(unadopted.Concat(pending).Select(r => r.Id));
    }

    /// <summary>Gets where the unfinished replays among <paramref name="rewinds"/> go on (their durable progress), or <see langword="null"/> when none is replaying.</summary>
    private static long? ReplayPosition(IEnumerable<KafkaPartitionRewind> rewinds) =>
        rewinds.Where(r => r.Position < r.End).Select(r => (long?)Math.Max(r.From, r.Position)).Min();

    /// <summary>
    /// Gets how far into its first interval a partition starts, in timestamp ticks: partitions read by one silo start
    /// together, and without a random phase their checkpoints would ask all their entities to write at the same moment.
    /// </summary>
    private long RandomCheckpointPhase() =>
        _options.CheckpointSpread > 0
            ? (long)(Random.Shared.NextDouble() * _options.CheckpointInterval.TotalSeconds * _time.TimestampFrequency)
            : 0;

    private long RewindOffset(IConsumer<byte[]?, byte[]?> consumer, KafkaRewindTarget target) =>
        KafkaOffsets.Resolve(consumer, _partition, target, consumer.QueryWatermarkOffsets(_partition, _options.MetadataTimeout), _options.MetadataTimeout);

    private void RestartConsumerAt(long offset)
    {
        var consumer = _consumer;
        _restartAt = offset;
        _consumer = null;
        if (consumer is not null)
        {
            consumer.Close();
            consumer.Dispose();
        }

        StartConsumerAt(_restartAt);
    }

    /// <summary>Dead-letters a record; <see langword="false"/> when <paramref name="cancellationToken"/> (shutdown) cancelled the write.</summary>
    private async Task<bool> TryDeadLetterAsync(ConsumeResult<byte[]?, byte[]?> message, KafkaDecodeResult decoded, CancellationToken cancellationToken)
    {
        var deadLetter = decoded.ToDeadLetter(message.Message.Value ?? [], message.Message.Headers, _time.GetUtcNow());
        try
        {
            await (_deadLetters is KafkaDeadLetterSink kafka
                ? kafka.WriteAsync(deadLetter, message.Message.Key, message.Message.Headers, cancellationToken)
                : _deadLetters.WriteAsync(deadLetter, cancellationToken));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogDeadLetterCancelled(_logger, _partition.ToString(), message.Offset.Value);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped reading {Partition} at offset {Offset}: shutdown cancelled its dead-letter write; it is dead-lettered when the partition is read again")]
    private static partial void LogDeadLetterCancelled(ILogger logger, string partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown of {Partition}: {Pending} events read were not delivered within {Seconds} s; the next owner reads them again")]
    private static partial void LogDrainTimedOut(ILogger logger, string partition, int pending, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Partition} from offset {Offset}")]
    private static partial void LogStarted(ILogger logger, string partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start reading {Partition} ({Reason}); retrying")]
    private static partial void LogStartFailed(ILogger logger, string partition, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Partition} failed: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string partition, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of {Partition} failed; retrying at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, string partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Final checkpoint of {Partition} failed during shutdown; the next owner re-reads from the last commit")]
    private static partial void LogShutdownCheckpointFailed(ILogger logger, string partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} events of {Partition} could not be delivered (first: entity {EntityId} at offset {Offset}); the checkpoint will redeliver them")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, string partition, string entityId, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the replay progress of {Partition}; reporting again at the next interval")]
    private static partial void LogReplayReportFailed(ILogger logger, string partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the rewinds of {Partition}; retrying")]
    private static partial void LogRewindsUnavailable(ILogger logger, string partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewound {Partition}: replaying from offset {From}; offsets below {End} are history")]
    private static partial void LogRewindStarted(ILogger logger, string partition, long from, long end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition} is mid-replay: reading again from its replay progress {Resume}, below the read position {Position}")]
    private static partial void LogReplayResumed(ILogger logger, string partition, long resume, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewinding {Partition} to committed offset {Offset} to deliver events an entity lost")]
    private static partial void LogRewinding(ILogger logger, string partition, long offset);

    /// <summary>What a checkpoint's flushes found, to apply in a read turn.</summary>
    /// <param name="Generation">The tracker generation the checkpoint was started in.</param>
    /// <param name="Committable">The offset it may commit.</param>
    /// <param name="Outcome">What the entities answered.</param>
    /// <param name="DurableEntities">The entities found durable, with the offset each was asked to cover.</param>
    /// <param name="Committed">Whether it committed <paramref name="Committable"/> to the group (nothing to commit when the group already had it).</param>
    private sealed record CheckpointResult(int Generation, long Committable, FlushOutcome Outcome, IReadOnlyList<KeyValuePair<string, long>> DurableEntities, bool Committed);
}
