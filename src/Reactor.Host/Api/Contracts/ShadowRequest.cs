namespace Reactor.Host.Api.Contracts;

/// <summary>Asks for a shadow evaluation: an entity type's history read again with candidate rules or models, side effects off.</summary>
/// <param name="EntityType">The entity type, for example <c>customer</c>.</param>
/// <param name="From">Where each partition starts: <c>earliest</c> (the default, so state is folded from the beginning), an offset or an ISO 8601 time.</param>
/// <param name="To">The time reading stops before; absent for the high watermarks at the start.</param>
/// <param name="CompareFrom">The event time from which decisions are compared (earlier events only warm state up); absent for all.</param>
/// <param name="CandidateRules">The rule ids whose candidate versions run in place of the live ones.</param>
/// <param name="ModelOverrides">The registered models to score with, by the model name reactions ask for.</param>
/// <param name="Topics">The topics to read; absent for every topic the entity type reacts to.</param>
/// <param name="MaxEntities">The most entities held in memory (default 100,000).</param>
/// <param name="MaxDiffEntries">The most diff entries in the report (default 100).</param>
public sealed record ShadowRequest(
    string EntityType,
    string? From = null,
    DateTimeOffset? To = null,
    DateTimeOffset? CompareFrom = null,
    IReadOnlyList<string>? CandidateRules = null,
    IReadOnlyDictionary<string, string>? ModelOverrides = null,
    IReadOnlyList<string>? Topics = null,
    int? MaxEntities = null,
    int? MaxDiffEntries = null);
