namespace Reactor.Abstractions;

/// <summary>
/// Describes one action a reaction took (emit an event, call a grain, a user-defined action) and how it ended.
/// </summary>
/// <param name="Kind">The kind of action, for example <c>emit</c>, <c>grain-call</c> or a user-defined name.</param>
/// <param name="Target">Where it went: a topic, a grain, a webhook.</param>
/// <param name="IdempotencyKey">The stable key downstream systems dedupe on (entity, rule, rule version, triggering position).</param>
/// <param name="Payload">The action's content as JSON, for the audit trail.</param>
/// <param name="Outcome">How the action ended.</param>
/// <param name="Error">The failure message when <paramref name="Outcome"/> is <see cref="ActionOutcome.Failed"/> or <see cref="ActionOutcome.Refused"/>.</param>
/// <param name="Details">What the action's handler reported (for an agent: model, prompt version, tokens, latency, output).</param>
/// <param name="Steps">The steps the action took in turn (for an agent: its tool calls, each with its own key and outcome).</param>
[GenerateSerializer, Immutable, Alias("reactor.ActionRecord")]
public sealed record ActionRecord(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] string? Payload,
    [property: Id(4)] ActionOutcome Outcome,
    [property: Id(5)] string? Error = null,
    [property: Id(6)] IReadOnlyDictionary<string, string>? Details = null,
    [property: Id(7)] IReadOnlyList<ActionRecord>? Steps = null);
