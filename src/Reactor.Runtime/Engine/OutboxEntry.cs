using Reactor.Abstractions;

namespace Reactor.Runtime.Engine;

/// <summary>
/// One action in an entity's outbox (<c>outbox</c> in the stored document): written and made durable with the
/// decision that took it, before it runs. It carries everything needed to run it again after a restart.
/// </summary>
public sealed class OutboxEntry
{
    /// <summary>Gets or sets the action's idempotency key (decision id and ordinal), passed downstream.</summary>
    public required string Key { get; set; }

    /// <summary>Gets or sets the id of the decision that took the action.</summary>
    public required string DecisionId { get; set; }

    /// <summary>Gets or sets what the entry does when it runs.</summary>
    public required OutboxWork Work { get; set; }

    /// <summary>Gets or sets the action's destination: the topic of an emitted event, the grain called, the action type name.</summary>
    public required string Target { get; set; }

    /// <summary>Gets or sets the work's content: the CloudEvents JSON to emit, or the action as JSON.</summary>
    public string? Content { get; set; }

    /// <summary>Gets or sets the key (entity id) of an emitted event.</summary>
    public string? EventKey { get; set; }

    /// <summary>Gets or sets the W3C <c>traceparent</c> of the triggering event.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Gets or sets the .NET type of a user-defined action (<c>Namespace.Type, Assembly</c>).</summary>
    public string? ActionType { get; set; }

    /// <summary>Gets or sets how the action ended, once it completed; <see langword="null"/> while it is pending.</summary>
    public ActionOutcome? Outcome { get; set; }

    /// <summary>Gets a value indicating whether the action is still to run (or running).</summary>
    public bool IsPending => Outcome is null;
}
