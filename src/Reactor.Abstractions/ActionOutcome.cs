namespace Reactor.Abstractions;

/// <summary>Lists how an action ended.</summary>
[GenerateSerializer, Alias("reactor.ActionOutcome")]
public enum ActionOutcome
{
    /// <summary>The action ran and its target accepted it.</summary>
    Succeeded = 0,

    /// <summary>The action ran and failed; the decision record keeps the error.</summary>
    Failed = 1,

    /// <summary>The action was not run because side effects are switched off (replay or shadow evaluation).</summary>
    Suppressed = 2,

    /// <summary>The action is in the entity's outbox, durable, and has not completed yet; it runs at least once.</summary>
    Pending = 3,

    /// <summary>The action was refused by the runtime (a tool outside the rule's allow list, or over budget) and did not run.</summary>
    Refused = 4,
}
