namespace Reactor.DevBroker.Storage;

/// <summary>Locates one stored record batch inside a segment file.</summary>
/// <param name="BaseOffset">The offset of the batch's first record.</param>
/// <param name="LastOffset">The offset of the batch's last record.</param>
/// <param name="Position">The batch's byte position in the segment file.</param>
/// <param name="Length">The batch's size in bytes.</param>
/// <param name="MaxTimestamp">The batch's max timestamp.</param>
internal readonly record struct BatchIndexEntry(long BaseOffset, long LastOffset, long Position, int Length, long MaxTimestamp);
