using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Host.Api.Commands;
using Reactor.Host.Api.Contracts;
using Reactor.Runtime.Events;

namespace Reactor.Host.Api;

/// <summary>Maps the command route: a typed, user-defined command to one entity, written to its topic as an event.</summary>
internal static class CommandEndpoints
{
    private const string Source = "/reactor/http/commands";

    private static readonly JsonSerializerOptions StrictJson = new(ReactorJson.Options)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static void MapCommandEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/entities/{entityType}/{entityId}/commands/{command}", SendAsync)
            .WithName("SendCommand")
            .WithSummary("Sends a typed command to an entity; it is written to the entity's topic as an event, keyed by entity id.")
            .WithDescription("The body is the command's JSON, checked against its type (required members, no unknown members). An `Idempotency-Key` header becomes the event's CloudEvents id. The demo registers `customer` commands `sign-in` ({\"deviceId\",\"country\"}) and `record-payment` ({\"amount\",\"failureReason\"?}).")
            .Accepts<JsonElement>("application/json")
            .Produces<AcceptedEvent>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<IResult> SendAsync(
        string entityType,
        string entityId,
        string command,
        HttpRequest request,
        EntityCommands commands,
        EventTypeRegistry registry,
        IngestServices ingest,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (commands.Find(entityType, command) is not { } registered)
        {
            var known = commands.All.Where(c => c.EntityType == entityType).Select(c => c.Name).ToList();
            return ApiProblems.NotFound(known.Count == 0
                ? $"Entity type '{entityType}' takes no commands."
                : $"The {entityType} has no command '{command}'; it takes {string.Join(", ", known)}.");
        }

        var (body, problem) = await BoundedBody.ReadAsync(request, ingest.Options.MaxEventBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        object? typed;
        try
        {
            typed = JsonSerializer.Deserialize(body, registered.CommandType, StrictJson);
        }
        catch (JsonException ex)
        {
            return ApiProblems.BadRequest($"The body is not a valid {registered.CommandType.Name} command: {ex.Message}");
        }

        if (typed is null)
        {
            return ApiProblems.BadRequest($"The body must be a {registered.CommandType.Name} object.");
        }

        var @event = registered.ToEvent(entityId, typed);
        var id = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : Guid.NewGuid().ToString("N");
        var data = JsonSerializer.SerializeToElement(@event, @event.GetType(), ReactorJson.Options);
        var json = CloudEventJson.Encode(id, Source, registry.GetName(@event.GetType()), entityId, time.GetUtcNow(), data).ToArray();
        var result = await ingest.ProduceAsync(registered.Topic, [(id, entityId, json)], cancellationToken);
        return result is IValueHttpResult { Value: IngestResponse response } ? Results.Accepted(value: response.Events[0]) : result;
    }
}
