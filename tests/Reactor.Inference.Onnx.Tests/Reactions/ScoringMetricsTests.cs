using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.Testing;

namespace Reactor.Inference.Onnx.Tests.Reactions;

public sealed class ScoringMetricsTests
{
    [Fact]
    public async Task Each_score_is_measured_by_model_and_outcome()
    {
        // A model name of this test's own, so scores of tests running in parallel are not counted.
        var model = "metrics-" + Guid.NewGuid().ToString("N");
        var measured = new List<(double Ms, string? Model, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ScoringMetrics.MeterName && instrument.Name == "reactor.model.score.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var byName = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (byName.GetValueOrDefault("model") == model)
            {
                lock (measured)
                {
                    measured.Add((value, byName["model"], byName.GetValueOrDefault("outcome")));
                }
            }
        });
        listener.Start();
        await using var services = new ServiceCollection().AddModelAnswer(model, _ => 0.5).BuildServiceProvider();
        var kit = new EntityTestKit<Customer>(
            e =>
            {
                e.On<PaymentFailed>((s, _) => s.FailedPaymentsTotal++);
                e.Rule("score", version: 1).When(s => s.FailedPaymentsTotal >= 1).Then(async (ctx, s) =>
                {
                    await ctx.Score(model, FraudFeatures.From(s, 1, 1));
                    await ctx.Score("absent", FraudFeatures.From(s, 1, 1), fallback: 0);
                });
            },
            services: services);

        await kit.Send(new PaymentFailed("c1", 1m, "declined"));

        var scored = Assert.Single(measured);
        Assert.Equal("scored", scored.Outcome);
        Assert.True(scored.Ms >= 0);
    }
}
