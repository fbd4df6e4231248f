using System.Diagnostics;
using Reactor.Abstractions;

namespace Reactor.Runtime.Metrics;

/// <summary>
/// Starts Reactor's trace spans (activity source <c>Reactor</c>): an entity processing delivered events, continuing the
/// events' W3C <c>traceparent</c>; a model scoring features; an outbox action and the agent and model calls it makes;
/// an emitted event being produced; an event ingested over HTTP being produced.
/// </summary>
public static class ReactorActivities
{
    /// <summary>The name of Reactor's activity source; add it to a tracer provider to collect the spans.</summary>
    public const string SourceName = "Reactor";

    /// <summary>The header (and envelope header key) carrying the W3C trace context.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>Gets Reactor's activity source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the span of an entity processing delivered events, a child of the first event's trace context, linked to the others'.</summary>
    /// <param name="entityType">The entity type (grain type).</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="events">The delivered events.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartEntityProcess(string entityType, string entityId, IReadOnlyList<EventEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!Source.HasListeners())
        {
            return null;
        }

        var contexts = events.Select(e => TryParse(e.Headers.GetValueOrDefault(TraceParentHeader))).Where(c => c is not null).Select(c => c!.Value).ToList();
        var parent = contexts.Count > 0 ? contexts[0] : default;
        var links = contexts.Skip(1).Where(c => c.TraceId != parent.TraceId).Select(c => new ActivityLink(c)).ToList();
        var activity = Source.StartActivity($"{entityType} process", ActivityKind.Consumer, parent, tags: null, links: links);
        if (activity is not null && events.Count > 0)
        {
            var first = events[0];
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", first.Position.Topic);
            activity.SetTag("messaging.destination.partition.id", first.Position.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", first.Position.Offset);
            activity.SetTag("messaging.batch.message_count", events.Count);
            activity.SetTag("reactor.entity.type", entityType);
            activity.SetTag("reactor.entity.id", entityId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the span of producing an event: a child of the current span when it belongs to the same trace as
    /// <paramref name="traceParent"/> (the triggering event's), else of <paramref name="traceParent"/>, else of the current span.
    /// </summary>
    /// <param name="topic">The destination topic.</param>
    /// <param name="entityId">The key.</param>
    /// <param name="traceParent">The trace context the event continues, or <see langword="null"/>.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartSend(string topic, string entityId, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        var parent = TryParse(traceParent) is { } triggering && (current is null || current.TraceId != triggering.TraceId)
            ? triggering
            : current?.Context ?? default;
        var activity = Source.StartActivity($"{topic} send", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", topic);
        activity?.SetTag("messaging.kafka.message.key", entityId);
        return activity;
    }

    /// <summary>
    /// Starts the span of an outbox action run by its handler (<c>{target} act</c>): a child of the trace context the
    /// outbox entry carries (the span of the entity processing the triggering event), else of the current span. Spans
    /// the handler starts (an agent's model calls) are its children.
    /// </summary>
    /// <param name="target">The action's target (an agent's name, a webhook).</param>
    /// <param name="idempotencyKey">The action's idempotency key.</param>
    /// <param name="traceParent">The trace context the entry carries, or <see langword="null"/>.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartAct(string target, string idempotencyKey, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"{target} act", ActivityKind.Internal, TryParse(traceParent) ?? default);
        activity?.SetTag("reactor.action.target", target);
        activity?.SetTag("reactor.action.key", idempotencyKey);
        return activity;
    }

    /// <summary>
    /// Starts the span of a generative AI operation, named and tagged after the OpenTelemetry GenAI conventions
    /// (<c>{gen_ai.operation.name} {target}</c>: <c>chat gpt-4o-mini</c>, <c>invoke_agent win-back</c>), a child of the current span.
    /// </summary>
    /// <param name="operation">The operation (<c>chat</c>, <c>invoke_agent</c>).</param>
    /// <param name="target">The model id for a model call, the agent's name for an agent.</param>
    /// <param name="kind">The span kind: <see cref="ActivityKind.Client"/> for a call to an endpoint.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartGenAi(string operation, string target, ActivityKind kind)
    {
        var activity = Source.StartActivity($"{operation} {target}", kind);
        activity?.SetTag("gen_ai.operation.name", operation);
        return activity;
    }

    /// <summary>Starts the span of a reaction scoring features with a registered model (<c>score {model}</c>), a child of the entity's processing span.</summary>
    /// <param name="model">The model's registered name.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartScore(string model)
    {
        var activity = Source.StartActivity($"score {model}", ActivityKind.Internal);
        activity?.SetTag("reactor.model.name", model);
        return activity;
    }

    /// <summary>Formats a span's context as a W3C <c>traceparent</c>.</summary>
    /// <param name="activity">The span.</param>
    /// <returns>The header value, or <see langword="null"/> when the span is not in W3C format.</returns>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    private static ActivityContext? TryParse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : null;
}
