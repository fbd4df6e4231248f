using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Events;
using Reactor.Runtime.Shadow;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;
using Reactor.Testing;

namespace Reactor.Inference.Onnx.Tests.Reactions;

/// <summary>A shadow evaluation scoring with a candidate model wherever the rule asks for the live one.</summary>
public sealed class ShadowModelOverrideTests
{
    private const string Candidate = "fraud-candidate";
    private const string EntityType = nameof(Customer);
    private const string EntityId = "c-1";
    private const string Topic = "events";

    [Fact]
    public async Task A_model_override_scores_with_the_candidate_and_reports_the_hold_it_would_not_have_requested()
    {
        using var data = new TempDirectory("shadow-model");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddReactor(r => r.AddCommerceEventTypes())
            .AddLocalDiskDecisionLog(o => o.RootDirectory = data.Path)
            .AddModelAnswer(CommerceModels.Fraud, _ => 0.97)
            .AddModelAnswer(Candidate, _ => 0.10)
            .BuildServiceProvider();
        var registry = services.GetRequiredService<EventTypeRegistry>();
        var log = services.GetRequiredService<IDecisionLog>();
        var history = Enumerable.Range(0, 3).Select(i => Failed(registry, i)).ToList();
        await RunLiveAsync(services, registry, log, history);

        var shadow = ShadowEvaluations.Create(typeof(CustomerGrain), EntityType, registry, services, new ShadowOptions
        {
            ModelOverrides = new Dictionary<string, string> { [CommerceModels.Fraud] = Candidate },
        });
        foreach (var envelope in history)
        {
            await shadow.ProcessAsync(envelope);
        }

        var report = await shadow.CompleteAsync(log);

        var hold = Assert.Single(report.Rules, r => r.RuleId == "payment-fraud-hold");
        Assert.Equal((2, 1L, 1L, 1L, 1L), (hold.ShadowVersion!.Value, hold.Made, hold.WouldHave, hold.Both, hold.Changed));
        var diff = Assert.Single(report.Diffs);
        Assert.Equal(ShadowDiffKind.Changed, diff.Kind);
        Assert.Single(diff.Live!.Actions);
        Assert.Empty(diff.Shadow!.Actions);
        Assert.Equal("0.1", diff.Shadow.Details[ModelDecisionKeys.For(Candidate, ModelDecisionKeys.Output)]);
    }

    /// <summary>Runs the live definition through the test kit (same topic, offsets and times as the history) and logs its decisions.</summary>
    private static async Task RunLiveAsync(IServiceProvider services, EventTypeRegistry registry, IDecisionLog log, IEnumerable<EventEnvelope> history)
    {
        var kit = EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), EntityId, services);
        foreach (var envelope in history)
        {
            await kit.SendAt(JsonSerializer.Deserialize<PaymentFailed>(envelope.Data.Span, ReactorJson.Options)!, envelope.Time!.Value, envelope.Position.Topic);
        }

        Assert.Equal(history.Select(e => e.Position), Enumerable.Range(0, 3).Select(i => new LogPosition(Topic, 0, i)));
        await log.AppendAsync(EntityType, EntityId, kit.Decisions);
    }

    private static EventEnvelope Failed(EventTypeRegistry registry, int offset) => new()
    {
        Id = $"p{offset}",
        Source = "/tests",
        Type = registry.GetName(typeof(PaymentFailed)),
        EntityId = EntityId,
        Time = EntityTestKit<Customer>.DefaultStart.AddMinutes(offset),
        Position = new LogPosition(Topic, 0, offset),
        Data = JsonSerializer.SerializeToUtf8Bytes(new PaymentFailed("c-1", 300m, "declined"), ReactorJson.Options),
    };
}
