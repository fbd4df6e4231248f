namespace Reactor.Runtime.Windows;

/// <summary>
/// A named window over one entity's events of one type, declared with <see cref="EntityDefinition{TState}.Window{TEvent}"/>
/// and kept in the entity document. Rule conditions read its aggregates (count, sum, distinct count, min, max) over the
/// entries inside the window, by event time. Memory is bounded: entries leave as the window moves, and at most
/// <see cref="MaxEntries"/> are kept.
/// </summary>
public abstract class EventWindow
{
    private Func<string, WindowData?>? _source;

    private protected EventWindow(string name, Type eventType, TimeSpan size, WindowKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero);
        Name = name;
        EventType = eventType;
        Size = size;
        Kind = kind;
    }

    /// <summary>Gets the window's name, unique within the entity type; the document stores it under this name.</summary>
    public string Name { get; }

    /// <summary>Gets the event type the window counts.</summary>
    public Type EventType { get; }

    /// <summary>Gets the window's length in event time.</summary>
    public TimeSpan Size { get; }

    /// <summary>Gets how the window moves.</summary>
    public WindowKind Kind { get; }

    /// <summary>Gets how far behind the watermark an event may be before it is late. Default: 1 minute.</summary>
    public TimeSpan AllowedLateness { get; private protected set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets what happens to late events. Default: <see cref="LateEventPolicy.Drop"/>.</summary>
    public LateEventPolicy LatePolicy { get; private protected set; } = LateEventPolicy.Drop;

    /// <summary>Gets the most entries the window keeps; beyond it the oldest are dropped and counted. Default: 10,000.</summary>
    public int MaxEntries { get; private protected set; } = 10_000;

    /// <summary>Gets the number of events inside the window.</summary>
    public int Count => Data?.Count ?? 0;

    /// <summary>Gets the sum of the values of the events inside the window (0 when empty).</summary>
    public double Sum
    {
        get
        {
            var data = Data;
            var sum = 0d;
            if (data is not null)
            {
                for (var i = data.Head; i < data.Entries.Count; i++)
                {
                    sum += data.Entries[i].Value;
                }
            }

            return sum;
        }
    }

    /// <summary>Gets the smallest value inside the window, or <see langword="null"/> when it is empty.</summary>
    public double? Min => Extreme(static (a, b) => b < a);

    /// <summary>Gets the largest value inside the window, or <see langword="null"/> when it is empty.</summary>
    public double? Max => Extreme(static (a, b) => b > a);

    /// <summary>Gets the number of distinct keys inside the window (entries without a key are not counted).</summary>
    public int DistinctCount
    {
        get
        {
            var data = Data;
            if (data is null || data.Count == 0)
            {
                return 0;
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = data.Head; i < data.Entries.Count; i++)
            {
                if (data.Entries[i].Key is { } key)
                {
                    keys.Add(key);
                }
            }

            return keys.Count;
        }
    }

    /// <summary>Gets the watermark: the latest event time the window has seen.</summary>
    public DateTimeOffset? Watermark => Data?.Watermark;

    private WindowData? Data => (_source ?? throw new InvalidOperationException($"Window '{Name}' is read outside the entity engine that owns it."))(Name);

    /// <summary>Ties the window to the engine whose document holds its data.</summary>
    internal void Bind(Func<string, WindowData?> source)
    {
        if (_source is not null)
        {
            throw new InvalidOperationException($"Window '{Name}' already belongs to an engine: build one EntityDefinition per engine (the grain calls Define per activation).");
        }

        _source = source;
    }

    /// <summary>Gets the value and distinct key an event contributes.</summary>
    internal abstract (double Value, string? Key) Extract(object payload);

    /// <summary>Tells whether an event at <paramref name="time"/> is late for the window.</summary>
    internal bool IsLate(WindowData? data, DateTimeOffset time) =>
        data?.Watermark is { } watermark && watermark - time > AllowedLateness;

    /// <summary>Adds an event to the window, moves the watermark, evicts what left the window and enforces the cap.</summary>
    internal void Add(WindowData data, DateTimeOffset time, object payload)
    {
        var (value, key) = Extract(payload);
        if (data.Watermark is not { } watermark || time > watermark)
        {
            data.Watermark = watermark = time;
        }

        var entries = data.Entries;
        var entry = new WindowEntry(time, value, key);
        if (entries.Count == data.Head || entries[^1].Time <= time)
        {
            entries.Add(entry);
        }
        else
        {
            entries.Insert(InsertionIndex(data, time), entry);
        }

        var lowest = Kind == WindowKind.Sliding ? watermark - Size : BucketStart(watermark);
        var evict = 0;
        for (var i = data.Head; i < entries.Count && (Kind == WindowKind.Sliding ? entries[i].Time <= lowest : entries[i].Time < lowest); i++)
        {
            evict++;
        }

        var over = data.Count - evict - MaxEntries;
        if (over > 0)
        {
            evict += over;
            data.Overflowed += over;
        }

        if (evict > 0)
        {
            data.DropOldest(evict);
        }
    }

    private static int InsertionIndex(WindowData data, DateTimeOffset time)
    {
        // After every entry at or before the time, so events with equal times keep their arrival order.
        int low = data.Head, high = data.Entries.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (data.Entries[mid].Time <= time)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private DateTimeOffset BucketStart(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % Size.Ticks), TimeSpan.Zero);
    }

    private double? Extreme(Func<double, double, bool> better)
    {
        var data = Data;
        if (data is null || data.Count == 0)
        {
            return null;
        }

        var best = data.Entries[data.Head].Value;
        for (var i = data.Head + 1; i < data.Entries.Count; i++)
        {
            if (better(best, data.Entries[i].Value))
            {
                best = data.Entries[i].Value;
            }
        }

        return best;
    }
}
