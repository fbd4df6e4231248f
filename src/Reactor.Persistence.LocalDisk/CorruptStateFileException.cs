namespace Reactor.Persistence.LocalDisk;

/// <summary>
/// Reports a stored state file that cannot be read (invalid or truncated JSON, an unknown format, a
/// state that does not deserialize). The file is left as it is, never replaced by a default state;
/// <see cref="FilePath"/> says which file to inspect or restore.
/// </summary>
[GenerateSerializer, Alias("reactor.localdisk.CorruptStateFileException")]
public sealed class CorruptStateFileException : OrleansException
{
    /// <summary>Initializes a new instance of the <see cref="CorruptStateFileException"/> class.</summary>
    /// <param name="filePath">The full path of the unreadable file.</param>
    /// <param name="reason">What is wrong with it, as a sentence.</param>
    public CorruptStateFileException(string filePath, string reason)
        : base(FormatMessage(filePath, reason))
    {
        FilePath = filePath;
    }

    /// <summary>Initializes a new instance of the <see cref="CorruptStateFileException"/> class.</summary>
    /// <param name="filePath">The full path of the unreadable file.</param>
    /// <param name="reason">What is wrong with it, as a sentence.</param>
    /// <param name="innerException">The parser or serializer error.</param>
    public CorruptStateFileException(string filePath, string reason, Exception innerException)
        : base(FormatMessage(filePath, reason), innerException)
    {
        FilePath = filePath;
    }

    private CorruptStateFileException(string filePath, string message, bool preformatted)
        : base(message)
    {
        _ = preformatted;
        FilePath = filePath;
    }

    private CorruptStateFileException(string filePath, string message, Exception innerException, bool preformatted)
        : base(message, innerException)
    {
        _ = preformatted;
        FilePath = filePath;
    }

    /// <summary>Gets the full path of the unreadable file.</summary>
    [Id(0)]
    public string FilePath { get; private set; }

    private static string FormatMessage(string filePath, string reason) =>
        $"The grain state file '{filePath}' cannot be read: {reason} It was left untouched; repair, restore or delete it.";

    /// <summary>Creates the exception for a damaged record of the state log (<c>LocalDiskLayout.Log</c>).</summary>
    /// <param name="segmentPath">The full path of the segment file that holds the record.</param>
    /// <param name="offset">The record's offset in the segment.</param>
    /// <param name="reason">What is wrong with it, as a sentence.</param>
    /// <param name="innerException">The parser or serializer error, if any.</param>
    /// <returns>The exception; <see cref="FilePath"/> is the segment's path.</returns>
    internal static CorruptStateFileException ForLogRecord(string segmentPath, long offset, string reason, Exception? innerException)
    {
        var message = $"The grain state record at offset {offset} of the state log segment '{segmentPath}' cannot be read: {reason} " +
            "It was left untouched; restore the segment from a backup.";
        return innerException is null
            ? new CorruptStateFileException(segmentPath, message, preformatted: true)
            : new CorruptStateFileException(segmentPath, message, innerException, preformatted: true);
    }
}
