namespace Reactor.Runtime.Windows;

/// <summary>A window over the entity's events of type <typeparamref name="TEvent"/>; configure it fluently after declaring it.</summary>
/// <typeparam name="TEvent">The event type counted.</typeparam>
public sealed class EventWindow<TEvent> : EventWindow
{
    private Func<TEvent, double>? _value;
    private Func<TEvent, string?>? _key;

    internal EventWindow(string name, TimeSpan size, WindowKind kind)
        : base(name, typeof(TEvent), size, kind)
    {
    }

    /// <summary>Sets the value each event contributes to <see cref="EventWindow.Sum"/>, <see cref="EventWindow.Min"/> and <see cref="EventWindow.Max"/> (default 0).</summary>
    /// <param name="value">Selects the value.</param>
    /// <returns>This window, for chaining.</returns>
    public EventWindow<TEvent> Value(Func<TEvent, double> value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
        return this;
    }

    /// <summary>Sets the key <see cref="EventWindow.DistinctCount"/> counts (default none).</summary>
    /// <param name="key">Selects the key.</param>
    /// <returns>This window, for chaining.</returns>
    public EventWindow<TEvent> DistinctBy(Func<TEvent, string?> key)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        return this;
    }

    /// <summary>Sets how far behind the watermark an event may arrive before it is late, and what happens to late events.</summary>
    /// <param name="allowance">The allowed lateness, zero or more.</param>
    /// <param name="policy">What happens to events later than that.</param>
    /// <returns>This window, for chaining.</returns>
    public EventWindow<TEvent> AllowLateness(TimeSpan allowance, LateEventPolicy policy = LateEventPolicy.Drop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(allowance, TimeSpan.Zero);
        AllowedLateness = allowance;
        LatePolicy = policy;
        return this;
    }

    /// <summary>Sets the most entries the window keeps; the oldest beyond it are dropped and counted in <see cref="WindowData.Overflowed"/>.</summary>
    /// <param name="maxEntries">The cap, 1 or more.</param>
    /// <returns>This window, for chaining.</returns>
    public EventWindow<TEvent> Cap(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        return this;
    }

    /// <inheritdoc />
    internal override (double Value, string? Key) Extract(object payload)
    {
        var ev = (TEvent)payload;
        return (_value?.Invoke(ev) ?? 0d, _key?.Invoke(ev));
    }
}
