namespace Reactor.Runtime.Actions;

/// <summary>Lets a user-defined action name its kind and target in the decision record (instead of its type name).</summary>
public interface IDescribedAction
{
    /// <summary>Gets the kind of action for the record, for example <c>webhook</c> or <c>agent</c>.</summary>
    string ActionKind { get; }

    /// <summary>Gets where the action goes, for the record: an address, an agent's name.</summary>
    string ActionTarget { get; }
}
