using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Reactor.Runtime.Metrics;

namespace Reactor.Host.Dashboard;

/// <summary>
/// Samples the host's metrics once a second for the dashboard: rates from Reactor's running totals, latency percentiles
/// from its histograms, and consumer lag per partition from the <c>reactor.kafka.consumer.lag</c> gauge.
/// </summary>
internal sealed class DashboardSampler(ReactorMetrics metrics, TimeProvider time) : BackgroundService
{
    private const int HistoryLength = 300;
    private const string LagInstrument = "reactor.kafka.consumer.lag";
    private readonly ConcurrentQueue<DashboardSample> _history = new();
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();

    public DashboardSnapshot Snapshot() => new(
        metrics.EventsApplied,
        metrics.Decisions,
        metrics.DeadLetters,
        metrics.ActiveEntities,
        [.. _lag.OrderBy(l => l.Key.Topic, StringComparer.Ordinal).ThenBy(l => l.Key.Partition).Select(l => new PartitionLag(l.Key.Topic, l.Key.Partition, l.Value))],
        [.. _history]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ReactorMetrics.MeterName && instrument.Name == LagInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => RecordLag(value, tags));
        listener.Start();

        var last = (Applied: metrics.EventsApplied, Decisions: metrics.Decisions, DeadLetters: metrics.DeadLetters, Time: time.GetTimestamp());
        var freshness = metrics.Freshness.Cumulative();
        var decisionLatency = metrics.DecisionLatency.Cumulative();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _lag.Clear();
                listener.RecordObservableInstruments();
                var now = time.GetTimestamp();
                var seconds = Math.Max(0.001, time.GetElapsedTime(last.Time, now).TotalSeconds);
                var (applied, decisions, deadLetters) = (metrics.EventsApplied, metrics.Decisions, metrics.DeadLetters);
                var freshnessNow = metrics.Freshness.Cumulative();
                var decisionNow = metrics.DecisionLatency.Cumulative();
                _history.Enqueue(new DashboardSample(
                    time.GetUtcNow(),
                    Math.Round((applied - last.Applied) / seconds, 1),
                    Math.Round((decisions - last.Decisions) / seconds, 1),
                    Math.Round((deadLetters - last.DeadLetters) / seconds, 1),
                    Percentiles.From(freshnessNow.Since(freshness)),
                    Percentiles.From(decisionNow.Since(decisionLatency)),
                    _lag.Values.Sum()));
                while (_history.Count > HistoryLength)
                {
                    _history.TryDequeue(out _);
                }

                last = (applied, decisions, deadLetters, now);
                (freshness, decisionLatency) = (freshnessNow, decisionNow);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void RecordLag(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? topic = null;
        int? partition = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "topic")
            {
                topic = tag.Value as string;
            }
            else if (tag.Key == "partition")
            {
                partition = Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture);
            }
        }

        if (topic is not null && partition is not null)
        {
            _lag[(topic, partition.Value)] = value;
        }
    }
}
