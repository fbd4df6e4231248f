namespace Reactor.Runtime.Persistence;

/// <summary>
/// Reports a stored state document that <see cref="StateDocument"/> cannot read. Storage providers catch it and
/// report the document's location (a file path, a blob name) in their own exception.
/// </summary>
public sealed class InvalidStateDocumentException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InvalidStateDocumentException"/> class.</summary>
    public InvalidStateDocumentException()
        : base("The stored state document cannot be read.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidStateDocumentException"/> class.</summary>
    /// <param name="message">What is wrong with the document, as a sentence.</param>
    public InvalidStateDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidStateDocumentException"/> class.</summary>
    /// <param name="message">What is wrong with the document, as a sentence.</param>
    /// <param name="innerException">The parser, serializer or upgrade error.</param>
    public InvalidStateDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
