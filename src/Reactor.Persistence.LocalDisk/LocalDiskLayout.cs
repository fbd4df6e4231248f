namespace Orleans.Configuration;

/// <summary>Chooses how a local-disk grain storage provider lays out grain state on disk.</summary>
public enum LocalDiskLayout
{
    /// <summary>One JSON file per grain type, grain key and state name; every write replaces its file and flushes it. The default.</summary>
    FilePerGrain = 0,

    /// <summary>
    /// An append-only state log under <c>{root}/state-log/</c> with group commit: concurrent writes share one <c>fsync</c>,
    /// an in-memory index locates each grain's newest record, and sealed segments are compacted in the background.
    /// </summary>
    Log = 1,
}
