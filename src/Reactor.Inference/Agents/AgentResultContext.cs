using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;

namespace Reactor.Inference.Agents;

/// <summary>
/// What an agent's result handler may do with the result: emit events and call webhooks, each with a key derived from
/// the agent action's key (<c>…/result-0</c>, <c>…/result-1</c>), so a re-run after a crash sends the same keys.
/// </summary>
public sealed class AgentResultContext
{
    private readonly string _key;
    private readonly List<ActionRecord> _steps;

    internal AgentResultContext(string key, string entityId, string? fallbackReason, IServiceProvider services, List<ActionRecord> steps, CancellationToken cancellationToken)
    {
        _key = key;
        EntityId = entityId;
        FallbackReason = fallbackReason;
        Services = services;
        _steps = steps;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the entity whose reaction started the agent.</summary>
    public string EntityId { get; }

    /// <summary>Gets a value indicating whether the result is the declared fallback rather than the model's answer.</summary>
    public bool IsFallback => FallbackReason is not null;

    /// <summary>Gets why the fallback was taken (<c>no-endpoint</c>, <c>parse-failed</c>, <c>circuit-open</c>, <c>timeout</c>, …), or <see langword="null"/>.</summary>
    public string? FallbackReason { get; }

    /// <summary>Gets the silo's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Gets the token cancelled when the run is abandoned.</summary>
    public CancellationToken CancellationToken { get; }

    private int _ordinal;

    /// <summary>Emits an event, keyed by <paramref name="entityId"/> (this entity when omitted), with a derived idempotency key.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="cloudEventType">The CloudEvents type.</param>
    /// <param name="event">The event.</param>
    /// <param name="entityId">The entity the event is about.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    public Task EmitAsync<TEvent>(string topic, string cloudEventType, TEvent @event, string? entityId = null)
    {
        var key = NextKey();
        var target = entityId ?? EntityId;
        var data = JsonSerializer.SerializeToElement(@event, ReactorJson.Options);
        return RunAsync("emit", topic, key, data.GetRawText(), () =>
        {
            var emitter = Services.GetService<IEventEmitter>() ?? throw new InvalidOperationException("No IEventEmitter is registered, so agents cannot emit events.");
            var now = Services.GetService<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow;
            var json = CloudEventJson.Encode(key, $"reactor://agent/{EntityId}", cloudEventType, target, now, data);
            return emitter.EmitAsync(new EmittedEvent(topic, target, json, key), CancellationToken);
        });
    }

    /// <summary>Posts <paramref name="body"/> as JSON to a webhook with a derived <c>Idempotency-Key</c>.</summary>
    /// <typeparam name="TBody">The body type.</typeparam>
    /// <param name="endpoint">The address.</param>
    /// <param name="body">The body.</param>
    /// <returns>A task that completes when the webhook answered with success.</returns>
    public Task CallWebhookAsync<TBody>(Uri endpoint, TBody body)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var key = NextKey();
        var data = JsonSerializer.SerializeToElement(body, ReactorJson.Options);
        return RunAsync("webhook", endpoint.ToString(), key, data.GetRawText(), () =>
            Services.GetRequiredService<IActionHandler<WebhookCall>>().HandleAsync(new WebhookCall(endpoint, data), key, CancellationToken));
    }

    private string NextKey() => string.Create(CultureInfo.InvariantCulture, $"{_key}/result-{_ordinal++}");

    private async Task RunAsync(string kind, string target, string key, string payload, Func<Task> action)
    {
        try
        {
            await action();
            _steps.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Succeeded));
        }
        catch (Exception ex)
        {
            _steps.Add(new ActionRecord(kind, target, key, payload, ActionOutcome.Failed, ex.Message));
            throw;
        }
    }
}
