using System.Globalization;

namespace Reactor.Runtime.Events;

/// <summary>RFC 3339 text for the CloudEvents <c>time</c> attribute, as the CloudEvents SDK writes it.</summary>
internal static class CloudEventTime
{
    /// <summary>The longest text: seven fractional digits and an offset.</summary>
    public const int MaxLength = 33;

    /// <summary>
    /// Formats <paramref name="time"/> into <paramref name="destination"/>: as many fractional digits as the value needs
    /// (none, 3, 6 or 7), <c>Z</c> for UTC and <c>±hh:mm</c> otherwise.
    /// </summary>
    public static ReadOnlySpan<char> Format(DateTimeOffset time, Span<char> destination)
    {
        var ticks = time.Ticks;
        var utc = time.Offset == TimeSpan.Zero;
        var format = (ticks % TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerMillisecond, ticks % 10) switch
        {
            (0, _, _) => utc ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz",
            (_, 0, _) => utc ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffzzz",
            (_, _, 0) => utc ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz",
            _ => utc ? "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz",
        };
        return time.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture)
            ? destination[..written]
            : throw new InvalidOperationException($"The time {time:O} did not fit the CloudEvents time buffer.");
    }
}
