using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Engine;

/// <summary>Tells the host what processing one event produced.</summary>
/// <param name="Outcome">What happened to the event.</param>
/// <param name="Decisions">The decisions recorded for rules that fired.</param>
/// <param name="DeadLetter">The dead letter to write, when the outcome is <see cref="ProcessOutcome.DeadLettered"/>.</param>
/// <param name="Freshness">Event time to the end of evaluation, for applied events.</param>
public sealed record ProcessResult(
    ProcessOutcome Outcome,
    IReadOnlyList<DecisionRecord> Decisions,
    DeadLetter? DeadLetter = null,
    TimeSpan? Freshness = null)
{
    /// <summary>Gets the windows for which the event was late (each counted once in <c>reactor.events.late</c>).</summary>
    public IReadOnlyList<string> LateWindows { get; init; } = [];

    /// <summary>Gets the rules for which the event was staler than they tolerate and took their stale path.</summary>
    public IReadOnlyList<string> StaleRules { get; init; } = [];

    internal static ProcessResult Duplicate { get; } = new(ProcessOutcome.Duplicate, []);

    internal static ProcessResult Skipped { get; } = new(ProcessOutcome.Skipped, []);

    internal static ProcessResult Refused { get; } = new(ProcessOutcome.Refused, []);

    internal static ProcessResult Superseded { get; } = new(ProcessOutcome.Superseded, []);
}
