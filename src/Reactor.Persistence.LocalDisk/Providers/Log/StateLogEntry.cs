namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>Locates the newest record of one stored state: where it is and, for ETag checks, what it says.</summary>
/// <param name="Segment">The id of the segment that holds the record.</param>
/// <param name="Offset">The offset of the record's header in the segment.</param>
/// <param name="Length">The length of the record, header included.</param>
/// <param name="Kind">What the record holds.</param>
/// <param name="ETag">The stored ETag of a <see cref="StateLogRecordKind.Document"/>; <see langword="null"/> otherwise.</param>
internal readonly record struct StateLogEntry(int Segment, long Offset, int Length, StateLogRecordKind Kind, string? ETag)
{
    /// <summary>Gets the ETag a write must present: the stored one, or <see langword="null"/> when nothing is stored.</summary>
    public string? StoredETag => Kind == StateLogRecordKind.Document ? ETag : null;

    /// <summary>Tells whether this entry points at the given record.</summary>
    /// <param name="segment">The segment id.</param>
    /// <param name="offset">The record offset.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool IsAt(int segment, long offset) => Segment == segment && Offset == offset;
}
