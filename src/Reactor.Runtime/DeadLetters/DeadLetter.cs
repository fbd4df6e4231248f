using Reactor.Abstractions;

namespace Reactor.Runtime.DeadLetters;

/// <summary>
/// An event Reactor could not process, kept with the reason and everything needed to inspect or replay it:
/// its position, the original bytes and headers.
/// </summary>
public sealed record DeadLetter
{
    /// <summary>Gets the machine-readable reason.</summary>
    public required DeadLetterReason Reason { get; init; }

    /// <summary>Gets a human-readable explanation (the validation error or the handler's exception message).</summary>
    public required string Detail { get; init; }

    /// <summary>Gets the event's log position, when it had one.</summary>
    public LogPosition? Position { get; init; }

    /// <summary>Gets the CloudEvents id, when it could be read.</summary>
    public string? EventId { get; init; }

    /// <summary>Gets the CloudEvents type, when it could be read.</summary>
    public string? EventType { get; init; }

    /// <summary>Gets the entity id, when it could be read.</summary>
    public string? EntityId { get; init; }

    /// <summary>Gets the original bytes exactly as received.</summary>
    public required ReadOnlyMemory<byte> OriginalBytes { get; init; }

    /// <summary>Gets the original transport headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the time the event was dead-lettered.</summary>
    public required DateTimeOffset DeadLetteredAt { get; init; }
}
