using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;

namespace Reactor.Inference.Tools;

/// <summary>Creates the built-in tools: emit an event, call a webhook, call a grain.</summary>
internal static class BuiltInTools
{
    public static AgentTool Emit(string name, string description, string topic, string cloudEventType, JsonElement? schema) =>
        new(name, description, schema ?? AgentTool.AnyObject, async call =>
        {
            var emitter = call.Services.GetService<IEventEmitter>()
                ?? throw new InvalidOperationException($"Tool '{name}' emits events, but no IEventEmitter is registered.");
            var now = call.Services.GetService<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow;
            var json = CloudEventJson.Encode(call.IdempotencyKey, $"reactor://agent/{call.EntityId}", cloudEventType, call.EntityId, now, call.Arguments);
            await emitter.EmitAsync(new EmittedEvent(topic, call.EntityId, json, call.IdempotencyKey), call.CancellationToken);
            return $"emitted {cloudEventType} to {topic}";
        });

    public static AgentTool Webhook(string name, string description, Uri endpoint, JsonElement? schema) =>
        new(name, description, schema ?? AgentTool.AnyObject, async call =>
        {
            var handler = call.Services.GetRequiredService<IActionHandler<WebhookCall>>();
            await handler.HandleAsync(new WebhookCall(endpoint, call.Arguments), call.IdempotencyKey, call.CancellationToken);
            return "delivered";
        });

    public static AgentTool Grain(string name, string description, Func<IGrainFactory, ToolCall, Task<string>> invoke, JsonElement? schema) =>
        new(name, description, schema ?? AgentTool.AnyObject, call => invoke(call.Services.GetRequiredService<IGrainFactory>(), call));
}
