namespace Reactor.Runtime.Engine;

/// <summary>Lists what happened to one delivered event.</summary>
public enum ProcessOutcome
{
    /// <summary>The event changed the state; rules were evaluated.</summary>
    Applied = 0,

    /// <summary>The event was at or below the entity's last applied position and was dropped.</summary>
    Duplicate = 1,

    /// <summary>The entity has no handler for the event's type; the position advanced.</summary>
    Skipped = 2,

    /// <summary>The event could not be applied and went to the dead-letter sink; the position advanced.</summary>
    DeadLettered = 3,

    /// <summary>
    /// The event follows one this entity never applied (see <see cref="Abstractions.EventEnvelope.PreviousOffset"/>);
    /// it was not applied and the position did not move, so the transport delivers both again.
    /// </summary>
    Refused = 4,

    /// <summary>
    /// The event was read before a rewind the entity has since been rebuilt for (its <see cref="Abstractions.EventEnvelope.Epoch"/>
    /// is below the entity's epoch for the topic); the replay delivers it again, so it was dropped.
    /// </summary>
    Superseded = 5,
}
