using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Metrics;
using Reactor.Streaming.Kafka.Encoding;

namespace Reactor.Streaming.Kafka.Egress;

/// <summary>
/// Produces the events reactions emit to their Kafka topics, laid out by <see cref="KafkaEventEncoder"/> (CloudEvents binary
/// mode unless <see cref="KafkaEgressOptions.Format"/> says otherwise), keyed by entity id, with the idempotency key and
/// <c>traceparent</c> headers.
/// </summary>
/// <remarks>
/// <para>The producer is idempotent (<c>enable.idempotence=true</c>, <c>acks=all</c>): the client's own retries never
/// duplicate a record. An action retried by the outbox produces the record again with the same
/// <see cref="EmittedEvent.IdempotencyKeyHeader"/>; consumers dedupe on it. Every other setting of the given
/// <see cref="ProducerConfig"/> (bootstrap servers, SASL, TLS, client id, timeouts, partitioner) passes through unchanged.</para>
/// <para>Thread-safe; one instance serves the whole silo. Dispose it to flush records in flight.</para>
/// </remarks>
public sealed class KafkaEventEmitter : IEventEmitter, IDisposable
{
    private readonly KafkaEgressProducer _producer;
    private readonly KafkaEventFormat _format;

    /// <summary>Creates an emitter and its producer.</summary>
    /// <param name="producerConfig">Confluent's producer settings; copied, not modified. <c>EnableIdempotence</c> and
    /// <c>Acks</c> must be left unset (or set to <see langword="true"/> and <see cref="Acks.All"/>).</param>
    /// <param name="logger">Receives librdkafka's logs and the producer's errors.</param>
    /// <param name="options">The format and flush timeout; defaults when omitted.</param>
    /// <exception cref="ArgumentException">The settings are incomplete or contradict idempotent delivery.</exception>
    public KafkaEventEmitter(ProducerConfig producerConfig, ILogger<KafkaEventEmitter> logger, KafkaEgressOptions? options = null)
    {
        options ??= new KafkaEgressOptions();
        options.Validate();
        _format = options.Format;
        _producer = new KafkaEgressProducer(producerConfig, "event emitter", options.FlushTimeout, logger);
    }

    /// <summary>Produces one event; completes when the broker acknowledged it (all in-sync replicas).</summary>
    /// <param name="emitted">The event, its topic, entity, idempotency key and trace parent.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement; the record may still be delivered.</param>
    /// <returns>A task that completes on acknowledgement.</returns>
    /// <exception cref="KafkaEgressException">Kafka did not acknowledge the record; the message names the topic.</exception>
    /// <exception cref="ArgumentException">The event is not a CloudEvents JSON document.</exception>
    /// <exception cref="ObjectDisposedException">The emitter was disposed.</exception>
    public async Task EmitAsync(EmittedEvent emitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        ArgumentException.ThrowIfNullOrWhiteSpace(emitted.Topic, nameof(emitted));
        // The record carries the send span's context, so consumers continue the trace under it (same trace id).
        using var activity = ReactorActivities.StartSend(emitted.Topic, emitted.EntityId, emitted.TraceParent);
        var traced = ReactorActivities.TraceParentOf(activity) is { } traceParent ? emitted with { TraceParent = traceParent } : emitted;
        var message = KafkaEventEncoder.Encode(traced, _format);
        try
        {
            await _producer.ProduceAsync(emitted.Topic, message, cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>Waits up to <see cref="KafkaEgressOptions.FlushTimeout"/> for records in flight, then closes the producer.</summary>
    public void Dispose() => _producer.Dispose();
}
