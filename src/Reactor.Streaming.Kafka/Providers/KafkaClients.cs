using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>Builds the provider's Kafka clients from the user's configuration, with the settings the delivery contract needs.</summary>
internal static partial class KafkaClients
{
    /// <summary>
    /// Creates a consumer for manual partition assignment with offsets managed by the receiver; <paramref name="groupId"/>
    /// replaces the configured group (shadow readers use one of their own and never commit); <paramref name="partitionEof"/>
    /// reports reaching a partition's end.
    /// </summary>
    public static IConsumer<byte[]?, byte[]?> CreateConsumer(KafkaStreamOptions options, ILogger logger, string? groupId = null, bool partitionEof = false)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(options.Consumer))
        {
            GroupId = groupId ?? options.Consumer.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = partitionEof,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };

        // Bound what librdkafka prefetches per partition (its default is 64 MB per consumer).
        config.QueuedMaxMessagesKbytes ??= 8_192;
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => LogClient(logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler((_, error) => LogClientError(logger, error.Code.ToString(), error.Reason, error.IsFatal))
            .Build();
    }

    /// <summary>Creates the producer configuration for emitted events and dead letters: the user's, with the consumer's bootstrap servers when none is set.</summary>
    public static ProducerConfig ProducerConfigFor(KafkaStreamOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Producer));
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            config.BootstrapServers = options.Consumer.BootstrapServers;
        }

        return config;
    }

    /// <summary>Creates an admin client on the consumer's connection settings.</summary>
    public static IAdminClient CreateAdmin(KafkaStreamOptions options, ILogger logger) =>
        new AdminClientBuilder(new AdminClientConfig(new Dictionary<string, string>(options.Consumer)))
            .SetLogHandler((_, message) => LogClient(logger, message.Level.ToString(), message.Facility, message.Message))
            .Build();

    /// <summary>Copies Kafka headers as UTF-8 strings (the last value wins for repeated keys).</summary>
    public static IReadOnlyDictionary<string, string> HeadersOf(Headers? headers)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (headers is null)
        {
            return result;
        }

        foreach (var header in headers)
        {
            result[header.Key] = System.Text.Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private static partial void LogClient(ILogger logger, string level, string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void LogClientError(ILogger logger, string code, string reason, bool fatal);
}
