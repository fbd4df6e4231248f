using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Sources;

/// <summary>Tells a publisher whether an event was accepted (and at which position) or dead-lettered (and why).</summary>
/// <param name="Position">The position assigned to the event.</param>
/// <param name="Rejection">Why the event was dead-lettered, or <see langword="null"/> when it was accepted.</param>
/// <param name="Detail">The explanation of a rejection.</param>
public sealed record PublishResult(LogPosition Position, DeadLetterReason? Rejection = null, string? Detail = null)
{
    /// <summary>Gets a value indicating whether the event was accepted.</summary>
    public bool Accepted => Rejection is null;
}
