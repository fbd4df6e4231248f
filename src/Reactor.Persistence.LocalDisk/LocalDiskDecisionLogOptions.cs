namespace Orleans.Configuration;

/// <summary>
/// Configures Reactor's local-disk decision log (<c>AddLocalDiskDecisionLog</c>): one append-only
/// JSON-lines file per entity under <see cref="RootDirectory"/>.
/// </summary>
public sealed class LocalDiskDecisionLogOptions
{
    /// <summary>
    /// Gets or sets the directory that holds the decision files. Required; no default. A relative path is
    /// resolved against the current directory when the log is created. The directory is created if
    /// missing and may be used by one process at a time.
    /// </summary>
    public string? RootDirectory { get; set; }
}
