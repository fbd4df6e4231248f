using System.Diagnostics.Metrics;
using System.Globalization;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Counts the provider's <c>reactor.kafka.deliveries.held_back</c> and <c>reactor.kafka.checkpoint.confirmations</c>, so
/// each phase reports whether the limit on deliveries in flight acted and how checkpoints confirmed entities.
/// </summary>
internal sealed class ProviderCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly long[] _totals = new long[3];
    private readonly long[] _taken = new long[3];

    public ProviderCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "reactor.kafka.deliveries.held_back" or "reactor.kafka.checkpoint.confirmations")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var index = 0;
            if (instrument.Name == "reactor.kafka.checkpoint.confirmations")
            {
                index = 2;
                foreach (var tag in tags)
                {
                    if (tag is { Key: "by", Value: "write" })
                    {
                        index = 1;
                    }
                }
            }

            Interlocked.Add(ref _totals[index], value);
        });
        _listener.Start();
    }

    /// <summary>Describes the counts since the previous call.</summary>
    public string TakeInterval()
    {
        var interval = new long[3];
        for (var i = 0; i < interval.Length; i++)
        {
            var total = Interlocked.Read(ref _totals[i]);
            interval[i] = total - _taken[i];
            _taken[i] = total;
        }

        return string.Create(CultureInfo.InvariantCulture, $"deliveries held back {interval[0]:N0}; entities confirmed durable by their writes {interval[1]:N0}, by a call {interval[2]:N0}");
    }

    public void Dispose() => _listener.Dispose();
}
