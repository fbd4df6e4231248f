using System.Globalization;

namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Says where a rewind starts reading each partition again: the earliest retained event, an offset, or a time.</summary>
[GenerateSerializer, Immutable, Alias("reactor.kafka.KafkaRewindTarget")]
public sealed record KafkaRewindTarget
{
    private KafkaRewindTarget(KafkaRewindTargetKind kind, long offset, DateTimeOffset? timestamp)
    {
        Kind = kind;
        Offset = offset;
        Timestamp = timestamp;
    }

    /// <summary>Gets what the target is.</summary>
    [Id(0)] public KafkaRewindTargetKind Kind { get; }

    /// <summary>Gets the offset every partition starts at when <see cref="Kind"/> is <see cref="KafkaRewindTargetKind.Offset"/>.</summary>
    [Id(1)] public long Offset { get; }

    /// <summary>Gets the time when <see cref="Kind"/> is <see cref="KafkaRewindTargetKind.Timestamp"/>: each partition starts at its first event at or after it.</summary>
    [Id(2)] public DateTimeOffset? Timestamp { get; }

    /// <summary>Gets the target that starts each partition at its earliest retained event.</summary>
    public static KafkaRewindTarget Earliest { get; } = new(KafkaRewindTargetKind.Earliest, 0, null);

    /// <summary>Starts each partition at an offset (or at its earliest retained event, if that is later).</summary>
    /// <param name="offset">The offset, 0 or more.</param>
    /// <returns>The target.</returns>
    public static KafkaRewindTarget AtOffset(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new(KafkaRewindTargetKind.Offset, offset, null);
    }

    /// <summary>Starts each partition at its first event whose Kafka timestamp is at or after <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">The time.</param>
    /// <returns>The target.</returns>
    public static KafkaRewindTarget AtTime(DateTimeOffset timestamp) => new(KafkaRewindTargetKind.Timestamp, 0, timestamp);

    /// <summary>Reads a target as written by users: <c>earliest</c>, an offset (<c>1200</c>) or an ISO 8601 time (<c>2026-11-22T10:00:00Z</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The target.</returns>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static KafkaRewindTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("earliest", StringComparison.OrdinalIgnoreCase))
        {
            return Earliest;
        }

        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return AtOffset(offset);
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return AtTime(time);
        }

        throw new FormatException($"'{text}' is not a rewind target: use 'earliest', an offset (for example 1200) or an ISO 8601 time (for example 2026-11-22T10:00:00Z).");
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        KafkaRewindTargetKind.Offset => Offset.ToString(CultureInfo.InvariantCulture),
        KafkaRewindTargetKind.Timestamp => Timestamp!.Value.ToString("O", CultureInfo.InvariantCulture),
        _ => "earliest",
    };
}
