using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Events;
using Reactor.Runtime.Shadow;
using Reactor.Streaming.Kafka.Encoding;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>
/// Runs the shadow evaluations of one Kafka stream provider (grain key = provider name) off the grain's scheduler and keeps
/// their statuses in memory. The grain stays active while evaluations run and for <see cref="KeepFinished"/> after.
/// </summary>
internal sealed class KafkaShadowGrain(ILoggerFactory loggers, TimeProvider? time = null) : Grain, IKafkaShadowGrain
{
    /// <summary>How many finished evaluations are kept; older ones are forgotten first.</summary>
    internal const int MaxFinished = 20;

    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly List<KafkaShadowRun> _runs = [];
    private long _lastId;

    private string ProviderName => this.GetPrimaryKeyString();

    public Task<KafkaShadowStatus> StartAsync(KafkaShadowRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.EntityType);
        var options = ServiceProvider.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(ProviderName);
        var known = options.Topics.Select(t => t.Name).ToList();
        if (known.Count == 0)
        {
            throw new ArgumentException($"There is no Kafka stream provider named '{ProviderName}' with topics.", nameof(request));
        }

        var grainClass = GrainClassOf(request.EntityType);
        var reactsTo = ShadowEvaluations.TopicsOf(grainClass);
        var unknown = request.Topics.Where(t => !known.Contains(t) || !reactsTo.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Entity type '{request.EntityType}' does not read {string.Join(", ", unknown.Select(t => $"'{t}'"))} through Kafka stream provider '{ProviderName}'; it reads {Quoted(reactsTo.Intersect(known))}.", nameof(request));
        }

        var topics = request.Topics.Count > 0 ? request.Topics.Distinct(StringComparer.Ordinal).ToList() : reactsTo.Intersect(known).ToList();
        if (topics.Count == 0)
        {
            throw new ArgumentException($"Entity type '{request.EntityType}' reacts to none of the topics Kafka stream provider '{ProviderName}' reads ({Quoted(known)}).", nameof(request));
        }

        if (request.To is { } to && request.CompareFrom is { } compareFrom && to <= compareFrom)
        {
            throw new ArgumentException($"'To' ({to:O}) must be after 'CompareFrom' ({compareFrom:O}).", nameof(request));
        }

        var decisionLog = ServiceProvider.GetService<IDecisionLog>()
            ?? throw new InvalidOperationException("The silo has no decision log, so there are no live decisions to compare with; add one (for example AddLocalDiskDecisionLog).");
        var registry = ServiceProvider.GetRequiredService<EventTypeRegistry>();
        var shadowOptions = new ShadowOptions
        {
            CandidateRules = request.CandidateRules,
            ModelOverrides = request.ModelOverrides,
            CompareFrom = request.CompareFrom,
        };
        shadowOptions.MaxEntities = request.MaxEntities ?? shadowOptions.MaxEntities;
        shadowOptions.MaxDiffEntries = request.MaxDiffEntries ?? shadowOptions.MaxDiffEntries;
        var evaluation = ShadowEvaluations.Create(grainClass, request.EntityType, registry, ServiceProvider, shadowOptions);
        var run = new KafkaShadowRun(
            ++_lastId,
            request with { Topics = topics },
            evaluation,
            options,
            new KafkaEventDecoder(registry, ServiceProvider.GetService<TimeProvider>()),
            decisionLog,
            _time,
            loggers.CreateLogger<KafkaShadowRun>());
        Forget();
        _runs.Add(run);
        run.Start();
        KeepActive();
        return Task.FromResult(run.Status());
    }

    public Task<KafkaShadowStatus?> GetStatusAsync(long id)
    {
        KeepActive();
        return Task.FromResult(_runs.Find(r => r.Id == id)?.Status());
    }

    public Task<IReadOnlyList<KafkaShadowStatus>> ListAsync() =>
        Task.FromResult<IReadOnlyList<KafkaShadowStatus>>([.. _runs.Select(r => r.Status(withDiffs: false))]);

    public Task<KafkaShadowStatus?> CancelAsync(long id)
    {
        var run = _runs.Find(r => r.Id == id);
        run?.Cancel();
        return Task.FromResult(run?.Status());
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var run in _runs)
        {
            run.Cancel();
        }

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private Type GrainClassOf(string entityType)
    {
        var classes = ServiceProvider.GetRequiredService<GrainClassMap>();
        if (!classes.TryGetGrainClass(GrainType.Create(entityType), out var grainClass))
        {
            throw new ArgumentException($"There is no entity type '{entityType}' (an entity grain's Orleans grain type, for example 'customer').", nameof(entityType));
        }

        return grainClass;
    }

    // Running evaluations hold their state only here; keep the grain while any runs, and its reports for a while after.
    private void KeepActive() => DelayDeactivation(_runs.Exists(r => !r.Running.IsCompleted) ? TimeSpan.FromDays(1) : KeepFinished);

    private void Forget()
    {
        var finished = _runs.Where(r => r.Running.IsCompleted).ToList();
        foreach (var run in finished.Take(Math.Max(0, finished.Count - MaxFinished + 1)))
        {
            _runs.Remove(run);
        }
    }

    private static string Quoted(IEnumerable<string> topics) => string.Join(", ", topics.Select(t => $"'{t}'"));
}
