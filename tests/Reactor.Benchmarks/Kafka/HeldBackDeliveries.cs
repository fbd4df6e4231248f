using System.Diagnostics.Metrics;

namespace Reactor.Benchmarks.Kafka;

/// <summary>Counts the provider's <c>reactor.kafka.deliveries.held_back</c>, so each phase reports whether the limit on deliveries in flight acted.</summary>
internal sealed class HeldBackDeliveries : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;
    private long _taken;

    public HeldBackDeliveries()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "reactor.kafka.deliveries.held_back")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    /// <summary>Returns the deliveries held back since the previous call.</summary>
    public long TakeInterval()
    {
        var total = Interlocked.Read(ref _total);
        var interval = total - _taken;
        _taken = total;
        return interval;
    }

    public void Dispose() => _listener.Dispose();
}
