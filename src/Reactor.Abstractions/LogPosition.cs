namespace Reactor.Abstractions;

/// <summary>
/// Identifies where an event sits in its log: the topic, the partition within it, and the offset.
/// Sources without a log number their events themselves so every delivered event has a position.
/// </summary>
/// <param name="Topic">The topic (or stream namespace) the event was read from.</param>
/// <param name="Partition">The partition of the topic.</param>
/// <param name="Offset">The event's offset within the partition; offsets only grow.</param>
[GenerateSerializer, Immutable, Alias("reactor.LogPosition")]
public readonly record struct LogPosition(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset)
{
    /// <summary>Gets the key under which an entity records its last applied offset for this topic-partition.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PartitionKey => FormatPartitionKey(Topic, Partition);

    /// <summary>Formats the key used for a topic-partition in an entity's <c>positions</c> map (<c>topic/partition</c>).</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="partition">The partition number.</param>
    /// <returns>The key, for example <c>payments/3</c>.</returns>
    public static string FormatPartitionKey(string topic, int partition) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}/{partition}");

    /// <summary>Gets the topic of a key made by <see cref="FormatPartitionKey"/>.</summary>
    /// <param name="partitionKey">The key, for example <c>payments/3</c>.</param>
    /// <returns>The topic, for example <c>payments</c>.</returns>
    public static string TopicOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var slash = partitionKey.LastIndexOf('/');
        return slash < 0 ? partitionKey : partitionKey[..slash];
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Topic}/{Partition}@{Offset}");
}
