namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>What a state log record, or the index entry pointing at it, holds.</summary>
internal enum StateLogRecordKind : byte
{
    /// <summary>A state document (<see cref="StateFile"/>), possibly a cleared one that keeps its ETag.</summary>
    Document = 1,

    /// <summary>A deletion: the grain has no stored state from here on.</summary>
    Tombstone = 2,

    /// <summary>Index only, never written: the newest record of the grain was found damaged when the log was scanned.</summary>
    Damaged = 255,
}
