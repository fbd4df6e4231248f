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

    /// <summary>
    /// Gets or sets a value indicating whether each append is flushed to the device (<c>fsync</c>) before it
    /// completes. Defaults to <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// With <see langword="true"/> an appended record survives a power loss or an operating system crash. With
    /// <see langword="false"/> it survives a crash of the process only: a power loss may lose the last seconds of
    /// records or leave a torn last line (which reads skip with a warning). Use <see langword="false"/> for
    /// development and tests.
    /// </remarks>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>
    /// Gets or sets the number of dedicated threads that perform the blocking appends and <c>fsync</c>s of the log,
    /// so that they never hold .NET thread-pool threads. Defaults to 8; must be
    /// between 1 and 64.
    /// </summary>
    /// <remarks>
    /// Several threads keep several <c>fsync</c>s in flight at once, which journaling file systems commit together.
    /// The threads are background threads that start with the log and stop when it is disposed.
    /// </remarks>
    public int IoThreads { get; set; } = 8;
}
