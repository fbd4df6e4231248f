using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Holds one partition of a Fetch request and the slice chosen for it.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Log">The partition's log, null when the topic or partition does not exist.</param>
/// <param name="FetchOffset">The offset to read from.</param>
/// <param name="MaxBytes">The partition's byte limit.</param>
internal sealed record FetchPartitionRequest(int Partition, PartitionLog? Log, long FetchOffset, int MaxBytes)
{
    /// <summary>Gets or sets the slice chosen by the latest evaluation.</summary>
    public FetchSlice Slice { get; set; }
}
