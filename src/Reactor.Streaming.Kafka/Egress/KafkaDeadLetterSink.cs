using System.Globalization;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Runtime.DeadLetters;
using Reactor.Streaming.Kafka.Encoding;

namespace Reactor.Streaming.Kafka.Egress;

/// <summary>
/// Writes dead letters to a Kafka dead-letter topic, one record per dead letter, and completes once the broker acknowledged
/// it. The record keeps the original value byte for byte and the original headers, and adds headers that say why and where
/// from (see <c>docs/kafka-dead-letters.md</c>):
/// <list type="table">
/// <item><term><c>reactor-dlq-reason</c></term><description>the <see cref="DeadLetterReason"/> name, for example <c>UnknownType</c>.</description></item>
/// <item><term><c>reactor-dlq-detail</c></term><description>the human-readable explanation (at most 4,096 characters).</description></item>
/// <item><term><c>reactor-dlq-topic</c></term><description>the topic the event was read from (when it had a position).</description></item>
/// <item><term><c>reactor-dlq-partition</c></term><description>its partition, in decimal (when it had a position).</description></item>
/// <item><term><c>reactor-dlq-offset</c></term><description>its offset, in decimal (when it had a position).</description></item>
/// <item><term><c>reactor-dlq-event-id</c></term><description>the CloudEvents id (when known).</description></item>
/// <item><term><c>reactor-dlq-event-type</c></term><description>the CloudEvents type (when known).</description></item>
/// <item><term><c>reactor-dlq-time</c></term><description>when it was dead-lettered, ISO 8601 round-trip format
/// (<c>2025-01-31T08:15:00.0000000+00:00</c>).</description></item>
/// </list>
/// </summary>
/// <remarks>
/// <para>The key is the entity id when it is known, else the original record's key (with
/// <see cref="WriteAsync(DeadLetter, byte[], Headers, CancellationToken)"/>), else none. The value is never null, so a
/// dead letter is not a tombstone even on a compacted topic: an empty or missing original value becomes an empty value.
/// Original headers named <c>reactor-dlq-*</c> (from an earlier dead-lettering) are replaced, not repeated.</para>
/// <para>The producer is idempotent (<c>enable.idempotence=true</c>, <c>acks=all</c>); every other setting of the given
/// <see cref="ProducerConfig"/> passes through unchanged. Thread-safe; dispose it to flush records in flight.</para>
/// </remarks>
public sealed class KafkaDeadLetterSink : IDeadLetterSink, IDisposable
{
    /// <summary>The header prefix of every header the sink adds.</summary>
    public const string HeaderPrefix = "reactor-dlq-";

    /// <summary>The header that carries the <see cref="DeadLetterReason"/> name.</summary>
    public const string ReasonHeader = "reactor-dlq-reason";

    /// <summary>The header that carries the explanation, cut to <see cref="MaxDetailLength"/> characters.</summary>
    public const string DetailHeader = "reactor-dlq-detail";

    /// <summary>The header that carries the source topic.</summary>
    public const string TopicHeader = "reactor-dlq-topic";

    /// <summary>The header that carries the source partition, in decimal.</summary>
    public const string PartitionHeader = "reactor-dlq-partition";

    /// <summary>The header that carries the source offset, in decimal.</summary>
    public const string OffsetHeader = "reactor-dlq-offset";

    /// <summary>The header that carries the CloudEvents id, when known.</summary>
    public const string EventIdHeader = "reactor-dlq-event-id";

    /// <summary>The header that carries the CloudEvents type, when known.</summary>
    public const string EventTypeHeader = "reactor-dlq-event-type";

    /// <summary>The header that carries the time of dead-lettering, ISO 8601 round-trip format.</summary>
    public const string TimeHeader = "reactor-dlq-time";

    /// <summary>The longest explanation written to <see cref="DetailHeader"/>, in characters; longer ones are cut.</summary>
    public const int MaxDetailLength = 4096;

    private readonly KafkaEgressProducer _producer;
    private readonly string _topic;
    private readonly ILogger _logger;

    /// <summary>Creates a sink that writes to <paramref name="topic"/>, with its own producer.</summary>
    /// <param name="producerConfig">Confluent's producer settings; copied, not modified. <c>EnableIdempotence</c> and
    /// <c>Acks</c> must be left unset (or set to <see langword="true"/> and <see cref="Acks.All"/>).</param>
    /// <param name="topic">The dead-letter topic.</param>
    /// <param name="logger">Receives librdkafka's logs, the producer's errors and one line per dead letter.</param>
    /// <param name="options">The flush timeout; defaults when omitted. <see cref="KafkaEgressOptions.Format"/> does not apply.</param>
    /// <exception cref="ArgumentException">The topic is blank, or the settings are incomplete or contradict idempotent delivery.</exception>
    public KafkaDeadLetterSink(ProducerConfig producerConfig, string topic, ILogger<KafkaDeadLetterSink> logger, KafkaEgressOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        options ??= new KafkaEgressOptions();
        options.Validate();
        _topic = topic;
        _logger = logger;
        _producer = new KafkaEgressProducer(producerConfig, "dead-letter", options.FlushTimeout, logger);
    }

    /// <summary>Gets the dead-letter topic.</summary>
    public string Topic => _topic;

    /// <summary>Writes one dead letter with its string headers (<see cref="DeadLetter.Headers"/>, as UTF-8).</summary>
    /// <param name="deadLetter">The dead letter.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement; the record may still be written.</param>
    /// <returns>A task that completes once the broker acknowledged the record.</returns>
    /// <exception cref="KafkaEgressException">Kafka did not acknowledge the record; the message names the topic.</exception>
    public Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var headers = new Headers();
        foreach (var (name, value) in deadLetter.Headers)
        {
            if (!IsOwnHeader(name))
            {
                headers.Add(name, KafkaHeaderText.GetBytes(value));
            }
        }

        return WriteAsync(deadLetter, null, headers, cancellationToken);
    }

    /// <summary>
    /// Writes one dead letter for a Kafka record with that record's key and headers byte for byte (repeated and non-UTF-8
    /// headers included); <see cref="DeadLetter.Headers"/> is not used.
    /// </summary>
    /// <param name="deadLetter">The dead letter.</param>
    /// <param name="originalKey">The original record's key, used when the entity id is not known.</param>
    /// <param name="originalHeaders">The original record's headers.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement; the record may still be written.</param>
    /// <returns>A task that completes once the broker acknowledged the record.</returns>
    /// <exception cref="KafkaEgressException">Kafka did not acknowledge the record; the message names the topic.</exception>
    public async Task WriteAsync(DeadLetter deadLetter, byte[]? originalKey, Headers? originalHeaders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var message = CreateMessage(deadLetter, originalKey, originalHeaders);
        var result = await _producer.ProduceAsync(_topic, message, cancellationToken);
        KafkaEgressLog.DeadLettered(
            _logger,
            deadLetter.EventId,
            deadLetter.Reason,
            deadLetter.Position?.ToString() ?? "(no position)",
            result.Topic,
            result.Partition.Value,
            result.Offset.Value);
    }

    /// <summary>Waits up to <see cref="KafkaEgressOptions.FlushTimeout"/> for records in flight, then closes the producer.</summary>
    public void Dispose() => _producer.Dispose();

    /// <summary>Lays out the dead-letter record.</summary>
    internal static Message<byte[]?, byte[]?> CreateMessage(DeadLetter deadLetter, byte[]? originalKey, Headers? originalHeaders)
    {
        var headers = new Headers();
        if (originalHeaders is not null)
        {
            for (var i = 0; i < originalHeaders.Count; i++)
            {
                var header = originalHeaders[i];
                if (!IsOwnHeader(header.Key))
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        var detail = deadLetter.Detail.Length > MaxDetailLength
            ? string.Concat(deadLetter.Detail.AsSpan(0, MaxDetailLength - 1), "…")
            : deadLetter.Detail;
        Add(headers, ReasonHeader, deadLetter.Reason.ToString());
        Add(headers, DetailHeader, detail);
        if (deadLetter.Position is { } position)
        {
            Add(headers, TopicHeader, position.Topic);
            Add(headers, PartitionHeader, position.Partition.ToString(CultureInfo.InvariantCulture));
            Add(headers, OffsetHeader, position.Offset.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(deadLetter.EventId))
        {
            Add(headers, EventIdHeader, deadLetter.EventId);
        }

        if (!string.IsNullOrEmpty(deadLetter.EventType))
        {
            Add(headers, EventTypeHeader, deadLetter.EventType);
        }

        Add(headers, TimeHeader, deadLetter.DeadLetteredAt.ToString("O", CultureInfo.InvariantCulture));
        return new Message<byte[]?, byte[]?>
        {
            Key = string.IsNullOrEmpty(deadLetter.EntityId) ? originalKey : KafkaHeaderText.GetBytes(deadLetter.EntityId),
            Value = AsArray(deadLetter.OriginalBytes),
            Headers = headers,
        };
    }

    private static bool IsOwnHeader(string name) => name.StartsWith(HeaderPrefix, StringComparison.Ordinal);

    private static void Add(Headers headers, string name, string value) => headers.Add(name, KafkaHeaderText.GetBytes(value));

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is not null && segment.Offset == 0 && segment.Count == segment.Array.Length
            ? segment.Array
            : memory.ToArray();
}
