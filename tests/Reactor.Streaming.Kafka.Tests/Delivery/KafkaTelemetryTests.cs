using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>Per-partition meters: events read and delivered, and consumer lag, as .NET meters OpenTelemetry can export.</summary>
public sealed class KafkaTelemetryTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-telemetry");
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ConcurrentDictionary<string, long> _lag = new();
    private readonly MeterListener _listener = new();

    public KafkaTelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Reactor" && instrument.Name.StartsWith("reactor.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var partition = string.Join(",", tags.ToArray().Where(t => t.Key is "topic" or "partition").Select(t => $"{t.Key}={t.Value}"));
            if (instrument.Name == "reactor.kafka.consumer.lag")
            {
                _lag[partition] = value;
            }
            else
            {
                _counters.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Partitions_report_events_read_and_delivered_and_their_lag_drops_to_zero_once_committed()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var expected = KafkaDeliveryTests.Produce(100, 800, seed: 6);
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, expected.SelectMany(e => e.Value.Select(a => (e.Key, a))));

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
        await Eventually.Until("every partition's lag to reach zero", () =>
        {
            _listener.RecordObservableInstruments();
            return _lag.Count(l => l.Key.Contains("k-counters", StringComparison.Ordinal)) == 8 && _lag.Where(l => l.Key.Contains("k-counters", StringComparison.Ordinal)).All(l => l.Value == 0);
        });

        Assert.True(_counters.GetValueOrDefault("reactor.kafka.events.read") >= 800, $"events read: {_counters.GetValueOrDefault("reactor.kafka.events.read")}");
        Assert.True(_counters.GetValueOrDefault("reactor.kafka.events.delivered") >= 800, $"events delivered: {_counters.GetValueOrDefault("reactor.kafka.events.delivered")}");
        Assert.True(_counters.GetValueOrDefault("reactor.events.applied") >= 800, $"events applied: {_counters.GetValueOrDefault("reactor.events.applied")}");
        Assert.True(_counters.GetValueOrDefault("reactor.kafka.commits") > 0, "no commit was counted");
    }
}
