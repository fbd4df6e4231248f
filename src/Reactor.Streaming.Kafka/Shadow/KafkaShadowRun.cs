using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Shadow;
using Reactor.Streaming.Kafka.Encoding;
using Reactor.Streaming.Kafka.Providers;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>
/// Runs one shadow evaluation: a consumer of its own (its own group id, assigned partitions, nothing ever committed) reads
/// each partition from the start target up to the end fixed at the start, decodes records with the live path's decoder
/// and feeds the evaluation; then the evaluation compares with the decision log.
/// </summary>
internal sealed partial class KafkaShadowRun(
    long id,
    KafkaShadowRequest request,
    IShadowEvaluation evaluation,
    KafkaStreamOptions options,
    KafkaEventDecoder decoder,
    IDecisionLog decisionLog,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan ConsumeWait = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _cancel = new();
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private IReadOnlyList<ShadowPartitionRange> _ranges = [];
    private long _recordsSkipped;
    private volatile KafkaShadowState _state = KafkaShadowState.Reading;
    private DateTimeOffset? _finishedAt;
    private string? _error;
    private ShadowReport? _report;

    public long Id { get; } = id;

    public Task Running { get; private set; } = Task.CompletedTask;

    public void Start() =>
        Running = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    public void Cancel() => _cancel.Cancel();

    public KafkaShadowStatus Status(bool withDiffs = true)
    {
        // The run writes its outcome before its state (a volatile write), so reading the state first sees a finished outcome whole.
        var state = _state;
        var finished = state is KafkaShadowState.Completed or KafkaShadowState.Failed or KafkaShadowState.Cancelled;
        var report = finished ? _report : null;
        return new KafkaShadowStatus
        {
            Id = Id,
            Request = request,
            State = state,
            StartedAt = _startedAt,
            FinishedAt = finished ? _finishedAt : null,
            Error = finished ? _error : null,
            Partitions = [.. _ranges.Select(r => r.ToStatus())],
            RecordsSkipped = Interlocked.Read(ref _recordsSkipped),
            Entities = evaluation.Entities,
            DecisionsWouldHave = evaluation.DecisionsWouldHave,
            Report = withDiffs || report is null ? report : report with { Diffs = [] },
        };
    }

    private async Task RunAsync()
    {
        var cancellation = _cancel.Token;
        try
        {
            using (var consumer = KafkaClients.CreateConsumer(options, logger, groupId: $"reactor-shadow-{Guid.NewGuid():N}", partitionEof: true))
            {
                try
                {
                    _ranges = ResolveRanges(consumer);
                    LogStarted(logger, Id, request.EntityType, _ranges.Sum(r => r.End - r.From));
                    await ReadAsync(consumer, cancellation);
                }
                finally
                {
                    consumer.Close();
                }
            }

            _state = KafkaShadowState.Comparing;
            var ranges = _ranges.ToDictionary(r => LogPosition.FormatPartitionKey(r.Partition.Topic, r.Partition.Partition.Value), StringComparer.Ordinal);
            _report = await evaluation.CompleteAsync(decisionLog, p => ranges.TryGetValue(p.PartitionKey, out var range) && range.Contains(p.Offset), request.To, cancellation);
            Finish(KafkaShadowState.Completed, null);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Finish(KafkaShadowState.Cancelled, "Cancelled on request.");
        }
#pragma warning disable CA1031 // Whatever stops the run is reported in its status, not thrown into a grain that polls it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Finish(KafkaShadowState.Failed, ex.Message);
            LogFailed(logger, Id, ex);
        }
    }

    private void Finish(KafkaShadowState state, string? error)
    {
        _error = error;
        _finishedAt = time.GetUtcNow();
        _state = state;
        LogFinished(logger, Id, state);
    }

    private List<ShadowPartitionRange> ResolveRanges(IConsumer<byte[]?, byte[]?> consumer)
    {
        using var admin = KafkaClients.CreateAdmin(options, logger);
        var ranges = new List<ShadowPartitionRange>();
        foreach (var topic in request.Topics)
        {
            var metadata = admin.GetMetadata(topic, options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"Topic '{topic}' is not available on {options.Consumer.BootstrapServers} ({metadata?.Error.Reason ?? "no metadata"}).");
            }

            foreach (var partition in metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value))
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, options.MetadataTimeout);
                var high = watermarks.High.Value;
                var from = KafkaOffsets.Resolve(consumer, partition, request.From, watermarks, options.MetadataTimeout);
                var end = request.To is { } to ? Math.Clamp(KafkaOffsets.AtOrAfter(consumer, partition, to, high, options.MetadataTimeout), from, high) : high;
                ranges.Add(new ShadowPartitionRange(partition, from, end));
            }
        }

        return ranges;
    }

    private async Task ReadAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken cancellation)
    {
        var open = _ranges.Where(r => !r.IsComplete).ToDictionary(r => r.Partition);
        consumer.Assign(open.Values.Select(r => new TopicPartitionOffset(r.Partition, r.From)));
        var topics = options.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        while (open.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var record = consumer.Consume(ConsumeWait);
            if (record is null || !open.TryGetValue(record.TopicPartition, out var range))
            {
                continue;
            }

            // The end was a high watermark at the start: reaching the partition's end means everything below it was read.
            if (record.IsPartitionEOF || record.Offset.Value >= range.End)
            {
                range.ReadTo(range.End);
            }
            else
            {
                var topic = topics[record.Topic];
                var decoded = decoder.Decode(record, topic.Format, topic.PlainJsonEventType);
                if (decoded.IsValid)
                {
                    await evaluation.ProcessAsync(decoded.Envelope);
                }
                else
                {
                    Interlocked.Increment(ref _recordsSkipped);
                }

                range.ReadTo(record.Offset.Value + 1);
            }

            if (range.IsComplete)
            {
                consumer.Pause([range.Partition]);
                open.Remove(range.Partition);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shadow evaluation {Id} of {EntityType} reads {Records} records")]
    private static partial void LogStarted(ILogger logger, long id, string entityType, long records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shadow evaluation {Id} finished: {State}")]
    private static partial void LogFinished(ILogger logger, long id, KafkaShadowState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow evaluation {Id} failed")]
    private static partial void LogFailed(ILogger logger, long id, Exception exception);
}
