using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;

namespace Reactor.Runtime.Sources;

/// <summary>
/// Plays the transport where there is no Kafka: takes raw CloudEvents JSON, validates it (dead-lettering what
/// fails), numbers events per (topic, partition) and publishes envelopes to Orleans memory streams (stream
/// namespace = topic, key = entity id). Events of one entity published one after another keep their order.
/// Offsets start at the current time in microseconds, so they keep growing across restarts without a file.
/// </summary>
public sealed class InProcessEventSource : IEventEmitter
{
    private readonly IServiceProvider _services;
    private readonly CloudEventDecoder _decoder;
    private readonly IDeadLetterSink _deadLetters;
    private readonly TimeProvider _time;
    private readonly ReactorMetrics _metrics;
    private readonly InProcessSourceOptions _options;
    private readonly Dictionary<(string Topic, int Partition), PartitionLog> _partitions = [];
    private IStreamProvider? _streams;

    /// <summary>Creates the source; the stream provider is resolved on first use, once the silo runs.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="registry">The registered event types.</param>
    /// <param name="deadLetters">Where rejected events go.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">Counts what the source dead-letters.</param>
    /// <param name="options">The source options.</param>
    public InProcessEventSource(
        IServiceProvider services,
        EventTypeRegistry registry,
        IDeadLetterSink deadLetters,
        TimeProvider time,
        ReactorMetrics metrics,
        IOptions<InProcessSourceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _decoder = new CloudEventDecoder(registry);
        _deadLetters = deadLetters;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
    }

    /// <summary>Validates and publishes one structured-mode CloudEvents JSON document.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="cloudEventJson">The document as received.</param>
    /// <param name="key">The entity id, when the caller knows it; else the CloudEvents <c>subject</c> is used.</param>
    /// <param name="headers">Headers to carry along.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>The assigned position, and the reason when the event was dead-lettered.</returns>
    public async Task<PublishResult> PublishAsync(
        string topic,
        ReadOnlyMemory<byte> cloudEventJson,
        string? key = null,
        IReadOnlyDictionary<string, string>? headers = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var partitionLog = GetPartition(topic, key ?? TryReadSubject(cloudEventJson));
        await partitionLog.Lock.WaitAsync(cancellationToken);
        try
        {
            var position = new LogPosition(topic, partitionLog.Partition, partitionLog.NextOffset++);
            var now = _time.GetUtcNow();
            var decoded = _decoder.Decode(cloudEventJson, key, position, now, headers);
            if (!decoded.IsValid)
            {
                await _deadLetters.WriteAsync(
                    new DeadLetter
                    {
                        Reason = decoded.Reason.Value,
                        Detail = decoded.Detail,
                        Position = position,
                        EntityId = key,
                        OriginalBytes = cloudEventJson,
                        Headers = headers ?? new Dictionary<string, string>(),
                        DeadLetteredAt = now,
                    },
                    cancellationToken);
                _metrics.DeadLettered(decoded.Reason.Value);
                return new PublishResult(position, decoded.Reason, decoded.Detail);
            }

            var envelope = decoded.Envelope;
            var stream = Streams.GetStream<EventEnvelope>(StreamId.Create(topic, envelope.EntityId));
            await stream.OnNextAsync(envelope);
            return new PublishResult(position);
        }
        finally
        {
            partitionLog.Lock.Release();
        }
    }

    /// <inheritdoc />
    public Task EmitAsync(EmittedEvent emitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        var headers = new Dictionary<string, string> { [EmittedEvent.IdempotencyKeyHeader] = emitted.IdempotencyKey };
        if (emitted.TraceParent is not null)
        {
            headers[EmittedEvent.TraceParentHeader] = emitted.TraceParent;
        }

        return PublishAsync(emitted.Topic, emitted.CloudEventJson, emitted.EntityId, headers, cancellationToken);
    }

    private IStreamProvider Streams => _streams ??= _services.GetRequiredService<IClusterClient>().GetStreamProvider(_options.StreamProviderName);

    private PartitionLog GetPartition(string topic, string? key)
    {
        var partition = key is null ? 0 : (int)(StableHash.Fnv1a(key) % (uint)_options.PartitionsPerTopic);
        lock (_partitions)
        {
            if (!_partitions.TryGetValue((topic, partition), out var log))
            {
                log = new PartitionLog(partition, _time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
                _partitions.Add((topic, partition), log);
            }

            return log;
        }
    }

    private static string? TryReadSubject(ReadOnlyMemory<byte> json)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(json.Span);
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var isSubject = reader.ValueTextEquals("subject"u8);
                reader.Read();
                if (isSubject && reader.TokenType == System.Text.Json.JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Malformed input is dead-lettered by the decoder; any partition will do for numbering it.
        }

        return null;
    }

    private sealed class PartitionLog(int partition, long firstOffset)
    {
        public int Partition { get; } = partition;

        public long NextOffset { get; set; } = firstOffset;

        public SemaphoreSlim Lock { get; } = new(1, 1);
    }
}
