namespace Orleans.Configuration;

/// <summary>Chooses where a partition starts when the consumer group has no committed offset for it.</summary>
public enum KafkaStartPosition
{
    /// <summary>The oldest retained event.</summary>
    Earliest = 0,

    /// <summary>Only events produced after the receiver starts.</summary>
    Latest = 1,

    /// <summary>The first event at or after <see cref="KafkaStreamOptions.StartTimestamp"/>.</summary>
    Timestamp = 2,
}
