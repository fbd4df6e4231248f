using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Shadow;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Shadow;

/// <summary>Shadow evaluations over in-memory history: what a candidate rule would have decided, next to what was decided, with nothing executed.</summary>
public sealed class ShadowEvaluationTests : IAsyncLifetime
{
    private const string Topic = "shadow-payments";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CompareFrom = Start.AddMinutes(10);
    private readonly TempDirectory _data = new("shadow");
    private readonly RecordingEmitter _emitter = new();
    private int _webhookCalls;
    private LoopbackHttpServer? _webhook;
    private ServiceProvider? _services;

    private IServiceProvider Services => _services!;

    private Uri Webhook => new(_webhook!.BaseAddress, "alerts");

    public async Task InitializeAsync()
    {
        _webhook = await LoopbackHttpServer.StartAsync(context =>
        {
            Interlocked.Increment(ref _webhookCalls);
            return Task.CompletedTask;
        });
        _services = new ServiceCollection()
            .AddLogging()
            .AddReactor(r => r.AddEventType<Payment>(LedgerDefinition.PaymentType).AddEventType<BigPayment>(LedgerDefinition.BigPaymentType))
            .AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(_data.Path, "decisions"))
            .AddSingleton<Actions.IEventEmitter>(_emitter)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services!.DisposeAsync();
        await _webhook!.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Candidate_with_another_threshold_reports_exactly_the_decisions_it_would_have_changed_and_executes_nothing()
    {
        var history = History();
        var live = await RunLiveAsync(history);
        var (webhookCallsLive, emittedLive) = (Volatile.Read(ref _webhookCalls), _emitter.Emitted.Count);
        Assert.All(live, d => Assert.Equal(1, d.RuleVersion));

        var shadow = Create(new ShadowOptions { CandidateRules = ["big"], CompareFrom = CompareFrom });
        foreach (var envelope in history)
        {
            await shadow.ProcessAsync(envelope);
        }

        var report = await shadow.CompleteAsync(Services.GetRequiredService<IDecisionLog>());

        var big = Assert.Single(report.Rules, r => r.RuleId == "big");
        Assert.Equal((2, 3L, 4L, 2L, 1L, 2L, 1L), (big.ShadowVersion!.Value, big.Made, big.WouldHave, big.Both, big.OnlyLive, big.OnlyShadow, big.Changed));
        var huge = Assert.Single(report.Rules, r => r.RuleId == "huge");
        Assert.Equal((1L, 1L, 1L, 0L, 0L, 0L), (huge.Made, huge.WouldHave, huge.Both, huge.OnlyLive, huge.OnlyShadow, huge.Changed));
        Assert.Equal(
            [("e1", 2L, ShadowDiffKind.OnlyShadow), ("e1", 6L, ShadowDiffKind.Changed), ("e1", 8L, ShadowDiffKind.OnlyLive), ("e2", 0L, ShadowDiffKind.OnlyShadow)],
            report.Diffs.Select(d => (d.EntityId, d.Trigger.Offset, d.Kind)));
        var changed = report.Diffs.Single(d => d.Kind == ShadowDiffKind.Changed);
        Assert.Contains("\"level\":\"normal\"", changed.Live!.Actions[0], StringComparison.Ordinal);
        Assert.Contains("\"level\":\"high\"", changed.Shadow!.Actions[0], StringComparison.Ordinal);
        Assert.Equal((2L, history.Count), (report.Entities, report.EventsApplied));

        // Nothing ran: no webhook call reached the loopback receiver and nothing was emitted beyond the live run's own.
        Assert.Equal(webhookCallsLive, Volatile.Read(ref _webhookCalls));
        Assert.Equal(emittedLive, _emitter.Emitted.Count);
        Assert.True(webhookCallsLive > 0, "the live run called the webhook, so the receiver works");
    }

    [Fact]
    public async Task Without_candidates_the_shadow_run_agrees_with_the_live_decisions()
    {
        var history = History();
        await RunLiveAsync(history);

        var shadow = Create(new ShadowOptions());
        foreach (var envelope in history)
        {
            await shadow.ProcessAsync(envelope);
        }

        var report = await shadow.CompleteAsync(Services.GetRequiredService<IDecisionLog>());

        Assert.Empty(report.Diffs);
        Assert.All(report.Rules, r => Assert.Equal((r.Made, 0L, 0L), (r.Both, r.OnlyLive + r.OnlyShadow, r.Changed)));
        Assert.Equal(5, report.Rules.Sum(r => r.Made));
    }

    [Fact]
    public async Task Meeting_more_entities_than_allowed_fails_naming_the_setting()
    {
        var shadow = Create(new ShadowOptions { MaxEntities = 1 });
        await shadow.ProcessAsync(Event("e1", 0, 10, Start));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => shadow.ProcessAsync(Event("e2", 1, 10, Start)));

        Assert.Contains("MaxEntities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_a_candidate_version_is_refused_naming_the_candidates()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new ShadowOptions { CandidateRules = ["huge"] }));

        Assert.Contains("'huge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_live_version_of_a_rule_is_refused()
    {
        var definition = new EntityDefinition<Ledger>();
        definition.Rule("r", 1).When(_ => true).Then((_, _) => { });
        definition.Rule("r", 2).When(_ => true).Then((_, _) => { });

        Assert.Throws<InvalidOperationException>(() => definition.BuildRules());
        Assert.Throws<ArgumentException>(() => definition.Rule("r", 3));
    }

    private IShadowEvaluation Create(ShadowOptions options) =>
        new ShadowEvaluation<Ledger>(LedgerDefinition.EntityType, LedgerDefinition.For(Webhook), Services.GetRequiredService<EventTypeRegistry>(), Services, options);

    /// <summary>
    /// e1 warms up with 70 before the compared range, then alternates 10s (which reset the rules) with 40 (only the candidate
    /// fires), 60 (both alike), 85 (both, the candidate says "high") and 99 (only the live rule, and "huge" in both). e2 pays 40.
    /// </summary>
    private static List<EventEnvelope> History()
    {
        int[] amounts = [70, 10, 40, 10, 60, 10, 85, 10, 99];
        var events = amounts.Select((amount, i) => Event("e1", i, amount, i == 0 ? Start : CompareFrom.AddMinutes(i))).ToList();
        events.Add(Event("e2", 0, 40, CompareFrom.AddMinutes(1), partition: 1));
        return events;
    }

    /// <summary>Runs the live definition with real actions (emits to the recording emitter, webhooks over loopback) and writes its decisions to the log.</summary>
    private async Task<List<DecisionRecord>> RunLiveAsync(IEnumerable<EventEnvelope> history)
    {
        var log = Services.GetRequiredService<IDecisionLog>();
        var engines = new Dictionary<string, EntityEngine<Ledger>>();
        var decisions = new List<DecisionRecord>();
        foreach (var envelope in history)
        {
            if (!engines.TryGetValue(envelope.EntityId, out var engine))
            {
                var definition = new EntityDefinition<Ledger>();
                LedgerDefinition.For(Webhook)(definition);
                engines[envelope.EntityId] = engine = new EntityEngine<Ledger>(
                    LedgerDefinition.EntityType, envelope.EntityId, definition, Services.GetRequiredService<EventTypeRegistry>(), new EngineOptions(), TimeProvider.System, new GrainReactionEnvironment(Services, null!), new EntityDocument<Ledger>());
            }

            var result = await engine.ProcessAsync(envelope);
            await log.AppendAsync(LedgerDefinition.EntityType, envelope.EntityId, result.Decisions);
            decisions.AddRange(result.Decisions);
        }

        return decisions;
    }

    private static EventEnvelope Event(string entityId, long offset, int amount, DateTimeOffset time, int partition = 0) => new()
    {
        Id = $"{entityId}-{offset}",
        Source = "shadow-tests",
        Type = LedgerDefinition.PaymentType,
        EntityId = entityId,
        Time = time,
        Position = new LogPosition(Topic, partition, offset),
        Data = JsonSerializer.SerializeToUtf8Bytes(new Payment(amount), ReactorJson.Options),
        ReceivedAt = time,
    };
}
