namespace Reactor.Host.Api.Contracts;

/// <summary>Asks for a replay: rewind topics to a target and rebuild the entities they feed.</summary>
/// <param name="Target">Where to start again: <c>earliest</c>, an offset (<c>1200</c>) or an ISO 8601 time.</param>
/// <param name="Topics">The topics to rewind; empty or absent for every topic the host reads.</param>
/// <param name="EntityId">The one entity to rebuild, or absent for all.</param>
public sealed record ReplayRequest(string Target, IReadOnlyList<string>? Topics = null, string? EntityId = null);
