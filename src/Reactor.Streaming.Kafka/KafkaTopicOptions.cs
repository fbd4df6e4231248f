namespace Orleans.Configuration;

/// <summary>Configures one Kafka topic the provider reads: its name (the stream namespace) and how its events are encoded.</summary>
public sealed class KafkaTopicOptions
{
    /// <summary>Gets or sets the topic name; entity grains subscribe to it with <c>[ReactsTo("name")]</c>. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets how the topic's records are laid out. Default: <see cref="KafkaEventFormat.Auto"/> (decided per record).</summary>
    public KafkaEventFormat Format { get; set; } = KafkaEventFormat.Auto;

    /// <summary>
    /// Gets or sets the CloudEvents <c>type</c> given to plain JSON values (values that are not CloudEvents), whose
    /// Kafka key is the entity id. Default: <see langword="null"/>, so plain JSON values are dead-lettered.
    /// </summary>
    public string? PlainJsonEventType { get; set; }

    /// <summary>Gets or sets the partition count used when the provider creates the topic (see <see cref="KafkaStreamOptions.CreateTopics"/>). Default: 8.</summary>
    public int Partitions { get; set; } = 8;
}
