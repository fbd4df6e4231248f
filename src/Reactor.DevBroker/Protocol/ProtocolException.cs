namespace Reactor.DevBroker.Protocol;

/// <summary>Signals a request that cannot be decoded; the connection that sent it is closed.</summary>
internal sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception with a message describing what was malformed.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public ProtocolException()
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
