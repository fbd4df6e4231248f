namespace Reactor.Runtime.Events;

/// <summary>
/// Remembers the last few distinct values of a CloudEvents attribute that repeats from event to event (source, type),
/// keyed by their UTF-8 bytes, so that reading one compares bytes instead of allocating (and, for a source, parsing) a
/// new string per event, and every cached event of a topic shares one string. Not thread-safe: one per thread.
/// </summary>
internal sealed class RecentAttributeValues
{
    private const int Capacity = 8;
    private readonly byte[][] _keys = new byte[Capacity][];
    private readonly string[] _values = new string[Capacity];
    private int _count;
    private int _next;

    /// <summary>Finds the value remembered for <paramref name="utf8"/>.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_keys[i]))
            {
                return _values[i];
            }
        }

        return null;
    }

    /// <summary>Remembers <paramref name="value"/> for <paramref name="utf8"/>, replacing the oldest entry when full.</summary>
    public void Remember(ReadOnlySpan<byte> utf8, string value)
    {
        _keys[_next] = utf8.ToArray();
        _values[_next] = value;
        _next = (_next + 1) % Capacity;
        _count = Math.Max(_count, _next == 0 ? Capacity : _next);
    }
}
