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
}
