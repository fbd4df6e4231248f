namespace Reactor.Abstractions;

/// <summary>
/// Records why an entity acted: the rule that fired, the event and log position that triggered it, the
/// state version it saw, and the actions it took. Its <see cref="Id"/> is deterministic, so writing the
/// same record twice is harmless and readers dedupe by id.
/// </summary>
[GenerateSerializer, Immutable, Alias("reactor.DecisionRecord")]
public sealed record DecisionRecord
{
    /// <summary>Gets the deterministic id (also the idempotency key prefix of the record's actions).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Gets the entity type (the grain class name) that decided.</summary>
    [Id(1)] public required string EntityType { get; init; }

    /// <summary>Gets the entity id.</summary>
    [Id(2)] public required string EntityId { get; init; }

    /// <summary>Gets the id of the rule that fired.</summary>
    [Id(3)] public required string RuleId { get; init; }

    /// <summary>Gets the version of the rule that fired, as declared in code.</summary>
    [Id(4)] public required int RuleVersion { get; init; }

    /// <summary>Gets the CloudEvents id of the triggering event.</summary>
    [Id(5)] public required string TriggerEventId { get; init; }

    /// <summary>Gets the CloudEvents type of the triggering event.</summary>
    [Id(6)] public required string TriggerEventType { get; init; }

    /// <summary>Gets the log position of the triggering event.</summary>
    [Id(7)] public required LogPosition TriggerPosition { get; init; }

    /// <summary>Gets the entity's state version (events applied) when the rule fired.</summary>
    [Id(8)] public required long StateVersion { get; init; }

    /// <summary>Gets the event time of the triggering event.</summary>
    [Id(9)] public required DateTimeOffset EventTime { get; init; }

    /// <summary>Gets the time the decision was recorded.</summary>
    [Id(10)] public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Gets the actions the reaction took, in order.</summary>
    [Id(11)] public IReadOnlyList<ActionRecord> Actions { get; init; } = [];

    /// <summary>Gets facts the reaction recorded for the audit trail (inputs, scores, reasons).</summary>
    [Id(12)] public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the error message when the reaction itself failed part-way.</summary>
    [Id(13)] public string? Error { get; init; }

    /// <summary>Gets the W3C trace id of the triggering event, when it carried a <c>traceparent</c>.</summary>
    [Id(14)] public string? TraceId { get; init; }

    /// <summary>Creates the deterministic id of a decision from what identifies it.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="ruleVersion">The rule version.</param>
    /// <param name="trigger">The triggering log position.</param>
    /// <returns>An id that is the same every time the same rule version fires on the same event.</returns>
    public static string CreateId(string entityType, string entityId, string ruleId, int ruleVersion, LogPosition trigger) =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{entityType}/{entityId}/{ruleId}/v{ruleVersion}/{trigger.Topic}/{trigger.Partition}/{trigger.Offset}");
}
