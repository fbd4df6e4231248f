using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Timers;
using Reactor.Runtime.Actions;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Runtime.Metrics;

namespace Reactor.Runtime.Grains;

/// <summary>Bundles the singletons every entity grain needs, resolved once per silo rather than per activation.</summary>
internal sealed class EntityRuntime(
    EventTypeRegistry registry,
    IOptionsMonitor<ReactorOptions> options,
    ReactorMetrics metrics,
    TimeProvider time,
    EntityWriteNotices writeNotices,
    IServiceProvider services)
{
    private IDeadLetterSink? _deadLetters;
    private OutboxExecutor? _outbox;

    public EventTypeRegistry Registry { get; } = registry;

    public ReactorOptions Options { get; } = options.CurrentValue;

    public EngineOptions EngineOptions { get; } = new(
        options.CurrentValue.MaxHandlerAttempts,
        options.CurrentValue.RecentDecisionLimit,
        ruleId => !options.CurrentValue.DisabledRules.Contains(ruleId),
        UseOutbox: true);

    public OutboxExecutor Outbox => _outbox ??= services.GetService<OutboxExecutor>()
        ?? throw new InvalidOperationException("Reactor's outbox executor is not registered; call AddReactor on the silo.");

    public ReactorMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    /// <summary>Gets where entities report their successful writes to the partition readers of this silo.</summary>
    public EntityWriteNotices WriteNotices { get; } = writeNotices;

    public IDecisionLog? DecisionLog { get; } = services.GetService<IDecisionLog>();

    /// <summary>Gets the silo's reminder registry when it has a reminder service, else <see langword="null"/>.</summary>
    public IReminderRegistry? Reminders { get; } = services.GetService<IReminderService>() is null ? null : services.GetService<IReminderRegistry>();

    public IDeadLetterSink DeadLetters => _deadLetters ??= services.GetService<IDeadLetterSink>()
        ?? throw new InvalidOperationException("Reactor has no dead-letter sink; call UseDeadLetterFile(path) in AddReactor.");
}
