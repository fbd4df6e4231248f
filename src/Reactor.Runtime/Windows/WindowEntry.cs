namespace Reactor.Runtime.Windows;

/// <summary>Stores one event a window holds: its event time, the value it contributes and its distinct key.</summary>
/// <param name="Time">The event time.</param>
/// <param name="Value">The value summed, and compared for min and max.</param>
/// <param name="Key">The key counted by the distinct count, or <see langword="null"/>.</param>
public sealed record WindowEntry(DateTimeOffset Time, double Value, string? Key);
