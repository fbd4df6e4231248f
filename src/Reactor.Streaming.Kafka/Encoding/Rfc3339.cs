namespace Reactor.Streaming.Kafka.Encoding;

/// <summary>
/// Parses RFC 3339 timestamps (<c>2024-05-01T12:30:00.123Z</c>, <c>2024-05-01T14:30:00+02:00</c>), the form CloudEvents
/// requires for <c>time</c>, without allocating. Fractions finer than 100 ns are truncated; leap seconds are rejected
/// because <see cref="DateTimeOffset"/> cannot hold them.
/// </summary>
internal static class Rfc3339
{
    private const int MaxLength = 64;

    /// <summary>Parses UTF-8 bytes, as a Kafka header carries them.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (utf8.Length is < 20 or > MaxLength)
        {
            return false;
        }

        // Every valid character is ASCII, so bytes map to chars one to one.
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 0x7F)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return TryParse(chars, out value);
    }

    /// <summary>Parses text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20
            || !TryDigits(text, 0, 4, out var year)
            || text[4] != '-'
            || !TryDigits(text, 5, 2, out var month)
            || text[7] != '-'
            || !TryDigits(text, 8, 2, out var day)
            || text[10] is not ('T' or 't')
            || !TryDigits(text, 11, 2, out var hour)
            || text[13] != ':'
            || !TryDigits(text, 14, 2, out var minute)
            || text[16] != ':'
            || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        var index = 19;
        long fractionTicks = 0;
        if (text[index] == '.')
        {
            index++;
            var start = index;
            var scale = TimeSpan.TicksPerSecond / 10;
            while (index < text.Length && char.IsAsciiDigit(text[index]))
            {
                fractionTicks += (text[index] - '0') * scale;
                scale /= 10;
                index++;
            }

            if (index == start)
            {
                return false;
            }
        }

        if (index >= text.Length)
        {
            return false;
        }

        TimeSpan offset;
        if (text[index] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            index++;
        }
        else if (text[index] is '+' or '-'
            && text.Length - index == 6
            && TryDigits(text, index + 1, 2, out var offsetHours)
            && text[index + 3] == ':'
            && TryDigits(text, index + 4, 2, out var offsetMinutes)
            && offsetHours <= 14
            && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (text[index] == '-')
            {
                offset = offset.Negate();
            }

            index += 6;
        }
        else
        {
            return false;
        }

        if (index != text.Length
            || year < 1
            || month is < 1 or > 12
            || day < 1
            || day > DateTime.DaysInMonth(year, month)
            || hour > 23
            || minute > 59
            || second > 59
            || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
