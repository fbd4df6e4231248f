namespace Reactor.Persistence.AzureBlob;

/// <summary>
/// Reports a stored state blob that cannot be read (invalid or truncated JSON, an unknown format or encoding, a
/// schema version newer than the code, a state that does not deserialize). The blob is left as it is, never replaced
/// by a default state; <see cref="BlobName"/> says which blob to inspect or restore.
/// </summary>
[GenerateSerializer, Alias("reactor.azureblob.CorruptStateBlobException")]
public sealed class CorruptStateBlobException : OrleansException
{
    /// <summary>Initializes a new instance of the <see cref="CorruptStateBlobException"/> class.</summary>
    /// <param name="blobName">The unreadable blob, as <c>container/name</c>.</param>
    /// <param name="reason">What is wrong with it, as a sentence.</param>
    /// <param name="innerException">The parser, decoder or serializer error.</param>
    public CorruptStateBlobException(string blobName, string reason, Exception innerException)
        : base($"The grain state blob '{blobName}' cannot be read: {reason} It was left untouched; repair, restore or delete it.", innerException)
    {
        BlobName = blobName;
    }

    /// <summary>Gets the unreadable blob, as <c>container/name</c>.</summary>
    [Id(0)]
    public string BlobName { get; private set; }
}
