using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Reports the outcome of appending one batch.</summary>
/// <param name="Error">The error, or <see cref="KafkaErrorCode.None"/>.</param>
/// <param name="BaseOffset">The offset assigned to the batch's first record (the original one for a duplicate).</param>
/// <param name="LogStartOffset">The partition's log start offset.</param>
internal readonly record struct AppendResult(KafkaErrorCode Error, long BaseOffset, long LogStartOffset);
