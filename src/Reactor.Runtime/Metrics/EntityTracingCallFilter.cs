using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Orleans.Streams;
using Reactor.Abstractions;

namespace Reactor.Runtime.Metrics;

/// <summary>
/// Wraps each delivery to an entity grain (a stream delivery, or a direct one through <c>IEntityDelivery</c>) in a span that continues the delivered events' W3C <c>traceparent</c>,
/// and in a log scope naming the entity, so what the entity logs, records and emits during the delivery carries the
/// event's trace id and the entity id.
/// </summary>
/// <param name="logger">The logger whose scope the delivery runs in.</param>
public sealed class EntityTracingCallFilter(ILogger<EntityTracingCallFilter> logger) : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetContext?.GrainInstance is not IEntityGrain || Envelopes(context.Request) is not { Count: > 0 } events)
        {
            await context.Invoke();
            return;
        }

        var grainId = context.TargetId;
        var entityType = grainId.Type.ToString() ?? "entity";
        var entityId = grainId.Key.ToString() ?? "";
        using var activity = ReactorActivities.StartEntityProcess(entityType, entityId, events);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["EntityType"] = entityType, ["EntityId"] = entityId });
        try
        {
            await context.Invoke();
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private static List<EventEnvelope>? Envelopes(IInvokable request)
    {
        List<EventEnvelope>? events = null;
        for (var i = 0; i < request.GetArgumentCount(); i++)
        {
            switch (request.GetArgument(i))
            {
                case IBatchContainer batch:
                    events ??= [];
                    events.AddRange(batch.GetEvents<EventEnvelope>().Select(e => e.Item1));
                    break;
                case EventEnvelope envelope:
                    (events ??= []).Add(envelope);
                    break;
                case Immutable<EventEnvelope[]> delivered:
                    (events ??= []).AddRange(delivered.Value);
                    break;
            }
        }

        return events;
    }
}
