namespace Orleans.Configuration;

/// <summary>
/// Configures Reactor's local-disk reminder table (<c>UseLocalDiskReminderService</c>): every Orleans reminder of the
/// silo in one JSON file under <see cref="RootDirectory"/>, so reminders survive a restart of the embedded silo.
/// </summary>
public sealed class LocalDiskReminderOptions
{
    /// <summary>
    /// Gets or sets the directory that holds <c>reminders.json</c>. Required; no default. A relative path is resolved
    /// against the current directory. One silo process may use it at a time.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each change is flushed to the device (<c>fsync</c>) before it completes.
    /// Defaults to <see langword="true"/>; <see langword="false"/> survives a process crash but not a power loss.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;
}
