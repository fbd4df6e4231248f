using System.Globalization;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Host.Api.Contracts;

namespace Reactor.Host.Api;

/// <summary>Maps the read routes of entities: current state, and decisions in a time range.</summary>
internal static class EntityEndpoints
{
    private static readonly TimeSpan DefaultDecisionRange = TimeSpan.FromDays(1);

    public static void MapEntityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/entities/{entityType}/{entityId}", GetStateAsync)
            .WithName("GetEntity")
            .WithSummary("Reads an entity's current state and state version.")
            .Produces<EntityStateResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/entities/{entityType}/{entityId}/decisions", GetDecisionsAsync)
            .WithName("GetEntityDecisions")
            .WithSummary("Lists an entity's decisions in a time range: the triggering event and position, rule and version, state version, recorded facts and actions.")
            .WithDescription("`since` defaults to 24 hours ago and `until` to now; both are ISO 8601 times.")
            .Produces<IReadOnlyList<DecisionRecord>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetStateAsync(string entityType, string entityId, EntityResolver entities)
    {
        if (entities.Find(entityType, entityId) is not { } grain)
        {
            return UnknownType(entityType);
        }

        var snapshot = await grain.GetSnapshotAsync();
        if (IsUnknown(snapshot))
        {
            return UnknownEntity(entityType, entityId);
        }

        using var state = JsonDocument.Parse(snapshot.StateJson);
        return Results.Ok(new EntityStateResponse(entityType, entityId, snapshot.StateVersion, snapshot.Positions, state.RootElement.Clone()));
    }

    private static async Task<IResult> GetDecisionsAsync(string entityType, string entityId, string? since, string? until, EntityResolver entities, TimeProvider time)
    {
        if (!TryParseTime(since, "since", out var from, out var problem) || !TryParseTime(until, "until", out var to, out problem))
        {
            return problem!;
        }

        from ??= time.GetUtcNow() - DefaultDecisionRange;
        if (to is not null && to < from)
        {
            return ApiProblems.BadRequest("'until' must not be before 'since'.");
        }

        if (entities.Find(entityType, entityId) is not { } grain)
        {
            return UnknownType(entityType);
        }

        if (IsUnknown(await grain.GetSnapshotAsync()))
        {
            return UnknownEntity(entityType, entityId);
        }

        return Results.Ok(await grain.GetDecisionsAsync(from.Value, to));
    }

    /// <summary>An entity that has applied no event is one Reactor never heard of (activating it created it empty).</summary>
    private static bool IsUnknown(EntitySnapshot snapshot) => snapshot.StateVersion == 0 && snapshot.Positions.Count == 0;

    private static IResult UnknownType(string entityType) =>
        ApiProblems.NotFound($"There is no entity type '{entityType}'. Entity types are grain types of entity grains, for example 'customer'.");

    private static IResult UnknownEntity(string entityType, string entityId) =>
        ApiProblems.NotFound($"The {entityType} '{entityId}' has not applied any event.");

    private static bool TryParseTime(string? text, string name, out DateTimeOffset? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = ApiProblems.BadRequest($"'{name}' must be an ISO 8601 time such as 2026-11-22T10:00:00Z (was '{text}').");
        return false;
    }
}
