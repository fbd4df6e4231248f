namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// One record waiting for the state log's writer thread, with the task its caller awaits. The writer settles it in
/// queue order: ETag check, append, flush, index update, then completion (continuations run asynchronously, never on
/// the writer thread).
/// </summary>
internal sealed class StateLogAppend
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Canceled = 2;

    private readonly TaskCompletionSource<StateLogAppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    private readonly Func<byte[]>? _encode;
    private byte[]? _record;
    private int _state;

    private StateLogAppend(StateLogAppendKind kind, StateLogKey key, byte[]? record, StateLogRecordKind recordKind, string? etag, string? expectedETag, StateLogEntry? source, bool flushToDisk, CancellationToken cancellationToken, Func<byte[]>? encode = null, int encodedLength = 0)
    {
        Kind = kind;
        Key = key;
        _record = record;
        _encode = encode;
        Length = record?.Length ?? encodedLength;
        RecordKind = recordKind;
        ETag = etag;
        ExpectedETag = expectedETag;
        Source = source;
        FlushToDisk = flushToDisk;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((StateLogAppend)s!).CancelIfQueued(), this);
        }
    }

    /// <summary>Gets what the writer does with this item.</summary>
    public StateLogAppendKind Kind { get; }

    /// <summary>Gets the state the record belongs to.</summary>
    public StateLogKey Key { get; }

    /// <summary>Gets the length of the record, or about that for a record encoded by <see cref="TakeRecord"/>; 0 for <see cref="StateLogAppendKind.Forget"/>.</summary>
    public int Length { get; }

    /// <summary>Gets what the record holds.</summary>
    public StateLogRecordKind RecordKind { get; }

    /// <summary>Gets the ETag the record stores (<see langword="null"/> for a tombstone).</summary>
    public string? ETag { get; }

    /// <summary>Gets the ETag the caller read (<see langword="null"/> for "nothing stored"), for <see cref="StateLogAppendKind.Write"/>.</summary>
    public string? ExpectedETag { get; }

    /// <summary>Gets the entry a compaction item moves or forgets.</summary>
    public StateLogEntry? Source { get; }

    /// <summary>Gets a value indicating whether the record must be on the device before the task completes.</summary>
    public bool FlushToDisk { get; }

    /// <summary>Gets the task the caller awaits.</summary>
    public Task<StateLogAppendResult> Task => _completion.Task;

    /// <summary>Creates a grain's write (a document) or clear (a cleared document or a tombstone).</summary>
    /// <param name="key">The state.</param>
    /// <param name="record">The encoded record.</param>
    /// <param name="recordKind">What the record holds.</param>
    /// <param name="etag">The new ETag, or <see langword="null"/> for a tombstone.</param>
    /// <param name="expectedETag">The ETag the caller holds.</param>
    /// <param name="flushToDisk">Whether to flush before completing.</param>
    /// <param name="cancellationToken">Cancels the item while it is still queued.</param>
    /// <returns>The item.</returns>
    public static StateLogAppend Write(StateLogKey key, byte[] record, StateLogRecordKind recordKind, string? etag, string? expectedETag, bool flushToDisk, CancellationToken cancellationToken) =>
        new(StateLogAppendKind.Write, key, record, recordKind, etag, expectedETag, null, flushToDisk, cancellationToken);

    /// <summary>
    /// Creates a grain's write whose record the writer thread encodes when it appends it. For a state that cannot change
    /// (a serialized document): a record encoded up front waited in the queue, through young collections, next to the
    /// document it was copied from.
    /// </summary>
    /// <param name="key">The state.</param>
    /// <param name="encode">Encodes the record; it may throw, which fails this write alone.</param>
    /// <param name="length">About the length of the record, for the writer's batch limit.</param>
    /// <param name="etag">The new ETag.</param>
    /// <param name="expectedETag">The ETag the caller holds.</param>
    /// <param name="flushToDisk">Whether to flush before completing.</param>
    /// <param name="cancellationToken">Cancels the item while it is still queued.</param>
    /// <returns>The item.</returns>
    public static StateLogAppend WriteEncodedLater(StateLogKey key, Func<byte[]> encode, int length, string etag, string? expectedETag, bool flushToDisk, CancellationToken cancellationToken) =>
        new(StateLogAppendKind.Write, key, null, StateLogRecordKind.Document, etag, expectedETag, null, flushToDisk, cancellationToken, encode, length);

    /// <summary>Gets the encoded record, encoding it first if the write was created with <see cref="WriteEncodedLater"/>.</summary>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidOperationException">The item is a <see cref="StateLogAppendKind.Forget"/>, which has no record.</exception>
    public byte[] TakeRecord() =>
        _record ??= _encode?.Invoke() ?? throw new InvalidOperationException($"A {Kind} of {Key} has no record.");

    /// <summary>Creates a compaction copy of a live record; it is always flushed, since its source is deleted next.</summary>
    /// <param name="key">The state.</param>
    /// <param name="record">The record's bytes, unchanged.</param>
    /// <param name="source">Where the record is now.</param>
    /// <returns>The item.</returns>
    public static StateLogAppend Copy(StateLogKey key, byte[] record, StateLogEntry source) =>
        new(StateLogAppendKind.Copy, key, record, source.Kind, source.ETag, null, source, flushToDisk: true, CancellationToken.None);

    /// <summary>Creates a compaction forget of a tombstone.</summary>
    /// <param name="key">The state.</param>
    /// <param name="source">Where the tombstone is.</param>
    /// <returns>The item.</returns>
    public static StateLogAppend Forget(StateLogKey key, StateLogEntry source) =>
        new(StateLogAppendKind.Forget, key, null, StateLogRecordKind.Tombstone, null, null, source, flushToDisk: false, CancellationToken.None);

    /// <summary>Claims the item for the writer; <see langword="false"/> when it was canceled while queued.</summary>
    /// <returns>Whether the writer owns it now.</returns>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
        {
            return false;
        }

        _registration.Dispose();
        return true;
    }

    /// <summary>Completes the caller's task.</summary>
    /// <param name="result">The outcome.</param>
    public void Complete(StateLogAppendResult result) => _completion.TrySetResult(result);

    /// <summary>Fails the caller's task.</summary>
    /// <param name="exception">The failure.</param>
    public void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>Releases the cancellation registration of an item that was never queued.</summary>
    public void Abandon() => _registration.Dispose();

    private void CancelIfQueued()
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
        {
            _completion.TrySetCanceled(_cancellationToken);
        }
    }
}
