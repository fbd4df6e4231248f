namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>How the broker answered bytes sent on a raw connection.</summary>
internal enum RawOutcome
{
    /// <summary>The awaited response arrived.</summary>
    Responded,

    /// <summary>The broker closed the connection.</summary>
    Closed,

    /// <summary>Neither within the wait (a held request, or the broker waiting for more bytes).</summary>
    NoAnswer,
}
