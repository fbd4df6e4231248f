namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>The decoded payload of a state log record.</summary>
/// <param name="Kind">A document or a tombstone.</param>
/// <param name="Key">The state name and grain.</param>
/// <param name="ETag">The document's ETag; <see langword="null"/> for a tombstone.</param>
/// <param name="Document">The state document; empty for a tombstone.</param>
internal readonly record struct StateLogPayload(StateLogRecordKind Kind, StateLogKey Key, string? ETag, ReadOnlyMemory<byte> Document);
