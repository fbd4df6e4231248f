using System.Text.Json;

namespace Reactor.Host.Api.Contracts;

/// <summary>An entity's current state as the API returns it.</summary>
/// <param name="EntityType">The entity type (grain type), for example <c>customer</c>.</param>
/// <param name="EntityId">The entity id.</param>
/// <param name="StateVersion">The number of events applied to the state.</param>
/// <param name="Positions">The last applied offset per <c>topic/partition</c>.</param>
/// <param name="State">The state, as the entity's JSON.</param>
public sealed record EntityStateResponse(string EntityType, string EntityId, long StateVersion, IReadOnlyDictionary<string, long> Positions, JsonElement State);
