using Reactor.Abstractions;

namespace Reactor.Runtime.Actions;

/// <summary>What an action handler reports about a run, kept in the action's record in the decision.</summary>
/// <param name="Details">Facts about the run (for an agent: model, prompt version, tokens, latency, output).</param>
/// <param name="Steps">The steps the action took (for an agent: its tool calls with their keys and outcomes).</param>
/// <param name="Outcome">How the action ended; <see cref="ActionOutcome.Succeeded"/> unless the handler says otherwise.</param>
public sealed record ActionReport(
    IReadOnlyDictionary<string, string>? Details = null,
    IReadOnlyList<ActionRecord>? Steps = null,
    ActionOutcome Outcome = ActionOutcome.Succeeded);
