namespace Reactor.Runtime.Engine;

/// <summary>Lists what an outbox entry does when it runs.</summary>
public enum OutboxWork
{
    /// <summary>Sends an event through the host's <see cref="Actions.IEventEmitter"/>.</summary>
    Emit = 0,

    /// <summary>Runs a user-defined action (webhooks and agent runs included) through its registered handler.</summary>
    Act = 1,

    /// <summary>
    /// Calls a grain through the reaction's delegate, which lives only in memory: after a restart before completion it
    /// cannot run again and is recorded as failed. Use <see cref="Act"/> for calls that must survive a restart.
    /// </summary>
    GrainCall = 2,
}
