namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>How the writer thread settled a <see cref="StateLogAppend"/>.</summary>
internal enum StateLogAppendOutcome
{
    /// <summary>Appended (and flushed, if asked) and indexed; or, for a clear of nothing, nothing was needed.</summary>
    Done,

    /// <summary>The expected ETag is not the stored one; nothing was appended.</summary>
    Stale,

    /// <summary>The stored record is damaged, so the ETag cannot be checked; nothing was appended.</summary>
    Damaged,

    /// <summary>A compaction copy or forget whose record is no longer the newest; nothing was appended.</summary>
    Superseded,
}
