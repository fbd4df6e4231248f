using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Streaming.Kafka.Hosting;

/// <summary>Rejects Kafka stream options that cannot work, naming the provider and the setting.</summary>
internal sealed class KafkaStreamOptionsValidator(string providerName) : IValidateOptions<KafkaStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaStreamOptions options)
    {
        if (name != providerName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        void Require(bool condition, string setting, string rule)
        {
            if (!condition)
            {
                failures.Add($"Kafka stream provider '{providerName}': {nameof(KafkaStreamOptions)}.{setting} {rule}.");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.Consumer.BootstrapServers), "Consumer.BootstrapServers", "is required");
        Require(!string.IsNullOrWhiteSpace(options.Consumer.GroupId), "Consumer.GroupId", "is required (offsets are committed to this consumer group)");
        Require(options.Topics.Count > 0, nameof(KafkaStreamOptions.Topics), "must list at least one topic");
        foreach (var topic in options.Topics)
        {
            Require(IsValidTopicName(topic.Name), $"Topics[{topic.Name}].Name", "must be 1-249 characters of letters, digits, '.', '_' and '-'");
            Require(topic.Partitions >= 1, $"Topics[{topic.Name}].Partitions", $"must be at least 1 (was {topic.Partitions})");
        }

        Require(options.Topics.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() == options.Topics.Count, nameof(KafkaStreamOptions.Topics), "must not list a topic twice");
        Require(IsValidTopicName(options.DeadLetterTopic), nameof(KafkaStreamOptions.DeadLetterTopic), "must be a valid topic name");
        Require(options.Topics.All(t => t.Name != options.DeadLetterTopic), nameof(KafkaStreamOptions.DeadLetterTopic), "must not be one of the topics read");
        Require(options.StartPosition != KafkaStartPosition.Timestamp || options.StartTimestamp is not null, nameof(KafkaStreamOptions.StartTimestamp), "is required when StartPosition is Timestamp");
        Require(Enum.IsDefined(options.Delivery), nameof(KafkaStreamOptions.Delivery), $"must be Direct or StreamSubscriptions (was {options.Delivery})");
        Require(options.CheckpointInterval > TimeSpan.Zero, nameof(KafkaStreamOptions.CheckpointInterval), $"must be positive (was {options.CheckpointInterval})");
        Require(options.MetadataTimeout > TimeSpan.Zero, nameof(KafkaStreamOptions.MetadataTimeout), $"must be positive (was {options.MetadataTimeout})");
        Require(options.MaxBatchSize >= 1, nameof(KafkaStreamOptions.MaxBatchSize), $"must be at least 1 (was {options.MaxBatchSize})");
        Require(options.MaxConcurrentFlushes >= 1, nameof(KafkaStreamOptions.MaxConcurrentFlushes), $"must be at least 1 (was {options.MaxConcurrentFlushes})");
        Require(options.CheckpointSpread is >= 0 and <= 0.9, nameof(KafkaStreamOptions.CheckpointSpread), $"must be between 0 and 0.9 (was {options.CheckpointSpread})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidTopicName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 249 && name is not "." and not ".." &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
