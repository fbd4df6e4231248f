using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Describes the stored bytes a fetch returns for one partition, read after the partition lock is released.</summary>
/// <param name="Error">The error, or <see cref="KafkaErrorCode.None"/>.</param>
/// <param name="HighWatermark">The partition's high watermark.</param>
/// <param name="LogStartOffset">The partition's log start offset.</param>
/// <param name="Segment">The segment to read, null when there is nothing to return.</param>
/// <param name="Position">The position of the first batch in the segment.</param>
/// <param name="Length">The number of bytes to read.</param>
internal readonly record struct FetchSlice(KafkaErrorCode Error, long HighWatermark, long LogStartOffset, LogSegment? Segment, long Position, int Length);
