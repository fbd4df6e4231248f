namespace Reactor.DevBroker;

/// <summary>Configures a <see cref="KafkaDevBroker"/>.</summary>
public sealed class DevBrokerOptions
{
    /// <summary>The default value of <see cref="MaxFrameBytes"/>: 100 MiB, Kafka's <c>socket.request.max.bytes</c>.</summary>
    public const int DefaultMaxFrameBytes = 100 * 1024 * 1024;

    /// <summary>Gets or sets the address the broker listens on and advertises to clients. Defaults to <c>127.0.0.1</c>.</summary>
    /// <remarks>Clients dial the advertised address from Metadata, so it must be an address they can reach.</remarks>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the TCP port. Defaults to 0, which picks a free ephemeral port (see <see cref="KafkaDevBroker.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the directory holding topics and committed offsets. Defaults to null: a fresh temporary directory deleted when the broker is disposed.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Gets or sets whether Metadata (when the client allows it) and Produce create unknown topics. Defaults to true.</summary>
    public bool AutoCreateTopics { get; set; } = true;

    /// <summary>Gets or sets the partition count of auto-created topics and of CreateTopics requests that ask for the default. Defaults to 4.</summary>
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>Gets or sets how long data is kept, judged by each segment's newest timestamp. Defaults to 7 days; <see cref="Timeout.InfiniteTimeSpan"/> keeps data forever.</summary>
    public TimeSpan RetentionTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the most bytes kept per partition before whole old segments are deleted. Defaults to -1 (unlimited).</summary>
    public long RetentionBytes { get; set; } = -1;

    /// <summary>Gets or sets the size at which a partition rolls to a new segment file. Defaults to 64 MiB.</summary>
    /// <remarks>Retention deletes whole segments, so it can only be as fine-grained as this.</remarks>
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how often retention is enforced. Defaults to 30 seconds.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often appended data is written out and forced to the storage device (fsync). Defaults to 1 second; <see cref="Timeout.InfiniteTimeSpan"/> flushes only on stop.</summary>
    /// <remarks>
    /// An append is acknowledged once it is in the broker's memory, where Fetch serves it at once; a background
    /// writer appends it to the segment file in order, normally within milliseconds. Stopping or disposing the
    /// broker writes and fsyncs everything acknowledged, so a restart after a clean stop loses nothing. A crash of
    /// the broker process can lose what was not yet written; a power loss or kernel crash can lose the last interval.
    /// </remarks>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the largest request frame accepted; a client sending a larger one is disconnected. Defaults to <see cref="DefaultMaxFrameBytes"/> (100 MiB).</summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>Gets or sets how long a new (empty) consumer group waits for more members before its first rebalance completes. Defaults to 200 ms.</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the smallest session timeout a group member may ask for. Defaults to 1 second.</summary>
    public TimeSpan GroupMinSessionTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the largest session timeout a group member may ask for. Defaults to 30 minutes.</summary>
    public TimeSpan GroupMaxSessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Checks every property and throws an <see cref="ArgumentException"/> naming the first invalid one.</summary>
    /// <exception cref="ArgumentException">A property is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw Invalid(nameof(Host), "must be a non-empty address");
        }

        if (Port is < 0 or > 65535)
        {
            throw Invalid(nameof(Port), $"must be between 0 and 65535 (was {Port})");
        }

        if (DataDirectory is not null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw Invalid(nameof(DataDirectory), "must be null or a path");
        }

        if (DefaultPartitions is < 1 or > 10_000)
        {
            throw Invalid(nameof(DefaultPartitions), $"must be between 1 and 10000 (was {DefaultPartitions})");
        }

        if (RetentionTime <= TimeSpan.Zero && RetentionTime != Timeout.InfiniteTimeSpan)
        {
            throw Invalid(nameof(RetentionTime), $"must be positive or Timeout.InfiniteTimeSpan (was {RetentionTime})");
        }

        if (RetentionBytes is 0 or < -1)
        {
            throw Invalid(nameof(RetentionBytes), $"must be positive or -1 for unlimited (was {RetentionBytes})");
        }

        if (SegmentBytes is < 1 or > int.MaxValue)
        {
            throw Invalid(nameof(SegmentBytes), $"must be between 1 and {int.MaxValue} (was {SegmentBytes})");
        }

        if (RetentionCheckInterval <= TimeSpan.Zero)
        {
            throw Invalid(nameof(RetentionCheckInterval), $"must be positive (was {RetentionCheckInterval})");
        }

        if (FlushInterval <= TimeSpan.Zero && FlushInterval != Timeout.InfiniteTimeSpan)
        {
            throw Invalid(nameof(FlushInterval), $"must be positive or Timeout.InfiniteTimeSpan (was {FlushInterval})");
        }

        if (MaxFrameBytes < 1024)
        {
            throw Invalid(nameof(MaxFrameBytes), $"must be at least 1024 (was {MaxFrameBytes})");
        }

        if (GroupInitialRebalanceDelay < TimeSpan.Zero)
        {
            throw Invalid(nameof(GroupInitialRebalanceDelay), $"must not be negative (was {GroupInitialRebalanceDelay})");
        }

        if (GroupMinSessionTimeout <= TimeSpan.Zero)
        {
            throw Invalid(nameof(GroupMinSessionTimeout), $"must be positive (was {GroupMinSessionTimeout})");
        }

        if (GroupMaxSessionTimeout < GroupMinSessionTimeout)
        {
            throw Invalid(nameof(GroupMaxSessionTimeout), $"must not be less than GroupMinSessionTimeout (was {GroupMaxSessionTimeout})");
        }
    }

    private static ArgumentException Invalid(string property, string problem) =>
        new($"DevBrokerOptions.{property} {problem}.", property);
}
