namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>What the writer thread does with a queued <see cref="StateLogAppend"/>.</summary>
internal enum StateLogAppendKind
{
    /// <summary>A grain's write or clear: append if the expected ETag is the stored one.</summary>
    Write,

    /// <summary>Compaction: append the same record again if the index still points at its old place.</summary>
    Copy,

    /// <summary>Compaction: forget a tombstone that no older segment needs, if the index still points at it.</summary>
    Forget,
}
