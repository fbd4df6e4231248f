using Reactor.Abstractions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Events;

/// <summary>Holds either a valid envelope or the reason the bytes were rejected.</summary>
public sealed class DecodeResult
{
    private DecodeResult(EventEnvelope? envelope, DeadLetterReason? reason, string? detail)
    {
        Envelope = envelope;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Gets the envelope, when the bytes were valid.</summary>
    public EventEnvelope? Envelope { get; }

    /// <summary>Gets the rejection reason, when they were not.</summary>
    public DeadLetterReason? Reason { get; }

    /// <summary>Gets the explanation of the rejection.</summary>
    public string? Detail { get; }

    /// <summary>Gets a value indicating whether the bytes decoded into a valid envelope.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Envelope))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Reason), nameof(Detail))]
    public bool IsValid => Envelope is not null;

    internal static DecodeResult Valid(EventEnvelope envelope) => new(envelope, null, null);

    internal static DecodeResult Rejected(DeadLetterReason reason, string detail) => new(null, reason, detail);
}
