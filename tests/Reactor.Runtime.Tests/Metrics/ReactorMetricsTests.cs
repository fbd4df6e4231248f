using System.Diagnostics.Metrics;
using Reactor.Abstractions;
using Reactor.Runtime.Metrics;

namespace Reactor.Runtime.Tests.Metrics;

public sealed class ReactorMetricsTests
{
    [Fact]
    public void Decision_latency_is_recorded_per_rule_and_topic_and_not_for_replayed_history()
    {
        using var factory = new ScopedMeterFactory();
        using var metrics = new ReactorMetrics(factory);
        var recorded = new List<(double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "reactor.decision.latency")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => recorded.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        var now = DateTimeOffset.UtcNow;

        metrics.DecisionRecorded(Decision("payment-fraud-hold", "payments", now.AddMilliseconds(-40), now));
        metrics.DecisionRecorded(Decision("payment-fraud-hold", "payments", now.AddDays(-3), now), replayed: true);

        var (value, tags) = Assert.Single(recorded);
        Assert.Equal(40, value, precision: 0);
        Assert.Equal("payment-fraud-hold", tags["rule"]);
        Assert.Equal("payments", tags["topic"]);
        Assert.Equal(2, metrics.Decisions);
    }

    [Fact]
    public void Model_scores_in_decision_records_feed_model_latency_and_errors()
    {
        using var factory = new ScopedMeterFactory();
        using var metrics = new ReactorMetrics(factory);
        var latencies = new List<(double Value, Dictionary<string, object?> Tags)>();
        var errors = new List<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name is "reactor.model.latency" or "reactor.model.errors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => latencies.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => errors.Add(tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.Start();
        var now = DateTimeOffset.UtcNow;

        metrics.DecisionRecorded(Decision("payment-fraud-hold", "payments", now, now) with
        {
            Details = new Dictionary<string, string> { ["model.fraud.version"] = "3", ["model.fraud.latencyMs"] = "1.5", ["failedPayments"] = "3" },
        });
        metrics.DecisionRecorded(Decision("payment-fraud-hold", "payments", now, now) with
        {
            Details = new Dictionary<string, string> { ["model.fraud.version"] = "fallback", ["model.fraud.latencyMs"] = "0.2", ["model.fraud.fallback"] = "model file missing" },
        });

        Assert.Equal([1.5, 0.2], latencies.Select(l => l.Value));
        Assert.Equal("3", latencies[0].Tags["version"]);
        Assert.Equal("fraud", Assert.Single(errors)["model"]);
    }

    [Fact]
    public void Outbox_backlog_counts_entries_from_the_start_of_their_run_until_they_finish()
    {
        using var factory = new ScopedMeterFactory();
        using var metrics = new ReactorMetrics(factory);
        long pending = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "reactor.outbox.pending")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => pending += value);
        listener.Start();

        metrics.ActionStarted();
        metrics.ActionStarted();
        Assert.Equal(2, pending);

        metrics.ActionFinished(Reactor.Runtime.Engine.OutboxWork.Act, ActionOutcome.Succeeded);
        metrics.ActionFinished(Reactor.Runtime.Engine.OutboxWork.Emit, ActionOutcome.Failed);
        Assert.Equal(0, pending);
    }

    /// <summary>Creates meters scoped to this factory, so a listener sees this test's measurements and no other test's.</summary>
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    private static DecisionRecord Decision(string rule, string topic, DateTimeOffset eventTime, DateTimeOffset decidedAt) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        EntityType = "customer",
        EntityId = "c-1",
        RuleId = rule,
        RuleVersion = 1,
        TriggerEventId = "e-1",
        TriggerEventType = "test",
        TriggerPosition = new LogPosition(topic, 0, 1),
        StateVersion = 1,
        EventTime = eventTime,
        DecidedAt = decidedAt,
    };
}
