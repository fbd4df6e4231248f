using Reactor.Abstractions;

namespace Reactor.Runtime.Actions;

/// <summary>How a run of an outbox entry ended, to be recorded in the entry and its decision.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The failure message, if any.</param>
/// <param name="Report">What its handler reported, if anything.</param>
public sealed record ActionCompletion(ActionOutcome Outcome, string? Error = null, ActionReport? Report = null);
