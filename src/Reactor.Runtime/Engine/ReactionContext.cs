using System.Globalization;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;

namespace Reactor.Runtime.Engine;

/// <summary>The context one firing of one rule acts through; it records every action and fact.</summary>
internal sealed class ReactionContext : IReactionContext
{
    private readonly string _entityType;
    private readonly string _decisionId;
    private readonly EventTypeRegistry _registry;
    private readonly IReactionEnvironment _environment;
    private readonly string? _traceParent;
    private readonly bool _sideEffects;
    private readonly Func<OutboxEntry, Func<Task>?, bool>? _enqueue;
    private readonly List<ActionRecord> _actions = [];
    private readonly Dictionary<string, string> _details = new(StringComparer.Ordinal);

    public ReactionContext(
        string entityType,
        string entityId,
        string ruleId,
        int ruleVersion,
        string decisionId,
        EventContext trigger,
        DateTimeOffset now,
        EventTypeRegistry registry,
        IReactionEnvironment environment,
        string? traceParent,
        bool sideEffects,
        Func<OutboxEntry, Func<Task>?, bool>? enqueue = null)
    {
        _enqueue = enqueue;
        _entityType = entityType;
        EntityId = entityId;
        RuleId = ruleId;
        RuleVersion = ruleVersion;
        _decisionId = decisionId;
        Trigger = trigger;
        Now = now;
        _registry = registry;
        _environment = environment;
        _traceParent = traceParent;
        _sideEffects = sideEffects;
    }

    public string EntityId { get; }

    public string RuleId { get; }

    public int RuleVersion { get; }

    public EventContext Trigger { get; }

    public DateTimeOffset Now { get; }

    public IServiceProvider Services => _environment.Services;

    public IReadOnlyList<ActionRecord> Actions => _actions;

    public IReadOnlyDictionary<string, string> Details => _details;

    public void Record(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _details[key] = value ?? string.Empty;
    }

    public Task Emit<TEvent>(string topic, TEvent @event, string? entityId = null)
        where TEvent : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var key = NextIdempotencyKey();
        var target = entityId ?? EntityId;
        var typeName = _registry.GetName(typeof(TEvent));
        var payload = JsonSerializer.SerializeToElement(@event, ReactorJson.Options);
        var json = CloudEventJson.Encode(key, $"reactor://{_entityType}/{EntityId}", typeName, target, Now, payload);
        var traceParent = _traceParent;
        return Run("emit", topic, key, payload.GetRawText(), () => _environment.EmitAsync(new EmittedEvent(topic, target, json, key, traceParent)), () => new OutboxEntry
        {
            Key = key,
            DecisionId = _decisionId,
            Work = OutboxWork.Emit,
            Target = topic,
            Content = System.Text.Encoding.UTF8.GetString(json.Span),
            EventKey = target,
            TraceParent = traceParent,
        });
    }

    public Task CallGrain<TGrain>(string key, Func<TGrain, string, Task> call, string description)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(call);
        var idempotencyKey = NextIdempotencyKey();
        var target = $"{typeof(TGrain).Name}/{key}";
        Task Call() => _environment.CallGrainAsync(key, call, idempotencyKey);
        return Run("grain-call", target, idempotencyKey, description, Call, () => new OutboxEntry
        {
            Key = idempotencyKey,
            DecisionId = _decisionId,
            Work = OutboxWork.GrainCall,
            Target = target,
            Content = description,
        }, Call);
    }

    public Task Act<TAction>(TAction action)
        where TAction : notnull
    {
        var key = NextIdempotencyKey();
        var payload = JsonSerializer.Serialize(action, ReactorJson.Options);
        var (kind, target) = action is IDescribedAction described ? (described.ActionKind, described.ActionTarget) : (typeof(TAction).Name, "action-handler");
        var type = typeof(TAction);
        return Run(kind, target, key, payload, () => _environment.ActAsync(action, key), () => new OutboxEntry
        {
            Key = key,
            DecisionId = _decisionId,
            Work = OutboxWork.Act,
            Target = target,
            Content = payload,
            ActionType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            TraceParent = _traceParent,
        });
    }

    private string NextIdempotencyKey() =>
        string.Create(CultureInfo.InvariantCulture, $"{_decisionId}#{_actions.Count}");

    private async Task Run(string kind, string target, string key, string? payload, Func<Task> action, Func<OutboxEntry> toEntry, Func<Task>? volatileWork = null)
    {
        if (!_sideEffects)
        {
            _actions.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Suppressed));
            return;
        }

        if (_enqueue is not null)
        {
            // The host runs it once the outbox entry is durable, off the path that applies events.
            _enqueue(toEntry(), volatileWork);
            _actions.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Pending));
            return;
        }

        try
        {
            await action();
            _actions.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Succeeded));
        }
        catch (Exception ex)
        {
            _actions.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Failed, ex.Message));
            throw;
        }
    }
}
