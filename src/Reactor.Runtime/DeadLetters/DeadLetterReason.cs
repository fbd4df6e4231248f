namespace Reactor.Runtime.DeadLetters;

/// <summary>Lists why an event was dead-lettered.</summary>
public enum DeadLetterReason
{
    /// <summary>The bytes are not a valid CloudEvents 1.0 envelope.</summary>
    InvalidEnvelope = 1,

    /// <summary>Neither the transport key nor the CloudEvents <c>subject</c> names an entity.</summary>
    MissingEntityId = 2,

    /// <summary>The CloudEvents <c>type</c> is not registered.</summary>
    UnknownType = 3,

    /// <summary>The payload does not deserialize into the registered .NET type.</summary>
    UndecodablePayload = 4,

    /// <summary>The entity's handler threw on every attempt.</summary>
    HandlerFailed = 5,

    /// <summary>The event was later than a window allows and that window's late policy is <c>DeadLetter</c>.</summary>
    LateEvent = 6,
}
