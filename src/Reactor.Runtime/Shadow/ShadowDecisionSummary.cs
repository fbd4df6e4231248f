namespace Reactor.Runtime.Shadow;

/// <summary>Sums up one decision for a shadow report: the rule version, its actions (not their outcomes), its error and its facts.</summary>
/// <param name="RuleVersion">The rule version that decided.</param>
/// <param name="Actions">Each action as <c>kind target payload</c>, in order; what is compared.</param>
/// <param name="Error">The reaction's error, if it failed part-way; also compared.</param>
/// <param name="Details">The facts the reaction recorded (model outputs, inputs); shown, not compared.</param>
[GenerateSerializer, Immutable, Alias("reactor.ShadowDecisionSummary")]
public sealed record ShadowDecisionSummary(
    [property: Id(0)] int RuleVersion,
    [property: Id(1)] IReadOnlyList<string> Actions,
    [property: Id(2)] string? Error,
    [property: Id(3)] IReadOnlyDictionary<string, string> Details)
{
    /// <summary>Sums up a decision record.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The summary.</returns>
    public static ShadowDecisionSummary Of(Reactor.Abstractions.DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(
            decision.RuleVersion,
            [.. decision.Actions.Select(a => $"{a.Kind} {a.Target} {a.Payload}")],
            decision.Error,
            decision.Details);
    }

    /// <summary>Tells whether two decisions took the same actions and ended with the same error.</summary>
    /// <param name="other">The other decision.</param>
    /// <returns><see langword="true"/> when the decisions act alike.</returns>
    public bool ActsLike(ShadowDecisionSummary other) =>
        other is not null && Actions.SequenceEqual(other.Actions, StringComparer.Ordinal) && string.Equals(Error, other.Error, StringComparison.Ordinal);
}
