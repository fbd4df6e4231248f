namespace Reactor.DevBroker.Storage;

/// <summary>Describes a batch found while loading a segment, for rebuilding producer state.</summary>
/// <param name="BaseOffset">The batch's base offset.</param>
/// <param name="ProducerId">The producer id, -1 when not idempotent.</param>
/// <param name="ProducerEpoch">The producer epoch.</param>
/// <param name="BaseSequence">The first sequence number.</param>
/// <param name="LastOffsetDelta">The last offset delta (records - 1).</param>
internal readonly record struct StoredBatchInfo(long BaseOffset, long ProducerId, short ProducerEpoch, int BaseSequence, int LastOffsetDelta);
