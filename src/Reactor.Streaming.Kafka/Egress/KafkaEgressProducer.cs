using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Reactor.Streaming.Kafka.Egress;

/// <summary>
/// Owns one idempotent Confluent producer (<c>enable.idempotence=true</c>, <c>acks=all</c>) for a Reactor egress path: builds
/// it from the user's <see cref="ProducerConfig"/>, routes librdkafka's logs and errors to <see cref="ILogger"/>, turns
/// delivery failures into <see cref="KafkaEgressException"/>, and flushes with a time limit on dispose.
/// </summary>
internal sealed class KafkaEgressProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly ILogger _logger;
    private readonly TimeSpan _flushTimeout;
    private int _disposed;

    public KafkaEgressProducer(ProducerConfig producerConfig, string role, TimeSpan flushTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(producerConfig);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _flushTimeout = flushTimeout;
        var config = EffectiveConfig(producerConfig, role);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((producer, message) => KafkaEgressLog.Librdkafka(_logger, ToLogLevel(message.Level), message.Name, message.Facility, message.Message))
            .SetErrorHandler((producer, error) =>
            {
                if (error.IsFatal)
                {
                    KafkaEgressLog.FatalProducerError(_logger, producer.Name, error.Reason, error.Code);
                }
                else
                {
                    KafkaEgressLog.ProducerError(_logger, producer.Name, error.Reason, error.Code);
                }
            })
            .Build();
    }

    /// <summary>Gets the librdkafka client name, for logs.</summary>
    public string Name => _producer.Name;

    /// <summary>Copies the user's settings and enforces the ones Reactor's delivery guarantees rest on.</summary>
    public static ProducerConfig EffectiveConfig(ProducerConfig producerConfig, string role)
    {
        ArgumentNullException.ThrowIfNull(producerConfig);
        if (string.IsNullOrWhiteSpace(producerConfig.BootstrapServers))
        {
            throw new ArgumentException($"The {role} producer's ProducerConfig.BootstrapServers is not set.", nameof(producerConfig));
        }

        if (producerConfig.EnableIdempotence == false)
        {
            throw new ArgumentException(
                $"The {role} producer's ProducerConfig.EnableIdempotence is false; Reactor produces with idempotence on so retries never duplicate a record. Leave it unset.",
                nameof(producerConfig));
        }

        if (producerConfig.Acks is { } acks && acks != Acks.All)
        {
            throw new ArgumentException(
                $"The {role} producer's ProducerConfig.Acks is {acks}; Reactor needs Acks.All so an acknowledged record survives a broker failure. Leave it unset.",
                nameof(producerConfig));
        }

        // A copy: ProducerConfig wraps its dictionary, and the caller's instance must not change under them.
        var config = new ProducerConfig(producerConfig.ToDictionary(pair => pair.Key, pair => pair.Value))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        return config;
    }

    /// <summary>Produces one record and completes when the broker acknowledged it.</summary>
    public async Task<DeliveryResult<byte[]?, byte[]?>> ProduceAsync(string topic, Message<byte[]?, byte[]?> message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        DeliveryResult<byte[]?, byte[]?> result;
        try
        {
            result = await _producer.ProduceAsync(topic, message, cancellationToken);
        }
        catch (ProduceException<byte[]?, byte[]?> ex)
        {
            throw new KafkaEgressException(topic, ex.Error, ex);
        }
        catch (KafkaException ex)
        {
            throw new KafkaEgressException(topic, ex.Error, ex);
        }

        KafkaEgressLog.Produced(_logger, result.Topic, result.Partition.Value, result.Offset.Value);
        return result;
    }

    /// <summary>Waits up to the flush timeout for records in flight, then closes the producer.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            var remaining = _producer.Flush(_flushTimeout);
            if (remaining > 0)
            {
                KafkaEgressLog.FlushIncomplete(_logger, _producer.Name, remaining, _flushTimeout);
            }
        }
        finally
        {
            _producer.Dispose();
        }
    }

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
