using Reactor.Abstractions;

namespace Reactor.Runtime;

/// <summary>Describes the event being applied: its id, type, event time and log position.</summary>
/// <param name="Id">The CloudEvents id.</param>
/// <param name="Type">The CloudEvents type.</param>
/// <param name="Time">The event time (CloudEvents <c>time</c>, else the log timestamp).</param>
/// <param name="Position">The event's log position.</param>
public sealed record EventContext(string Id, string Type, DateTimeOffset Time, LogPosition Position)
{
    /// <summary>Creates the context of an envelope.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The context.</returns>
    public static EventContext From(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new(envelope.Id, envelope.Type, envelope.EffectiveTime, envelope.Position);
    }
}
