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

    /// <summary>Gets the full path of the unreadable file.</summary>
    [Id(0)]
    public string FilePath { get; private set; }

    private static string FormatMessage(string filePath, string reason) =>
        $"The grain state file '{filePath}' cannot be read: {reason} It was left untouched; repair, restore or delete it.";
}
