namespace Reactor.Persistence.AzureBlob;

/// <summary>Chooses how grain state blobs are compressed when written.</summary>
public enum StateCompression
{
    /// <summary>Stores the JSON document as it is.</summary>
    None,

    /// <summary>Stores the document gzip-compressed (<c>Content-Encoding: gzip</c>).</summary>
    Gzip,

    /// <summary>Stores the document Brotli-compressed (<c>Content-Encoding: br</c>).</summary>
    Brotli,
}
