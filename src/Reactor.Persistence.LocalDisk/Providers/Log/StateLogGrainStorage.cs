using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Reactor.Runtime.Persistence;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// The <see cref="LocalDiskLayout.Log"/> side of <see cref="LocalDiskGrainStorage"/>: reads, writes and clears grain
/// state through the root directory's shared <see cref="StateLog"/>, with the same documents, ETags and errors as the
/// file layout.
/// </summary>
internal sealed partial class StateLogGrainStorage : IDisposable
{
    private readonly string _name;
    private readonly string _owner;
    private readonly LocalDiskGrainStorageOptions _options;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private StateLog? _log;
    private RootDirectoryLock? _rootLock;
    private bool _disposed;
    private bool _stopping;
    private int _inFlight;
    private TaskCompletionSource? _drained;

    /// <summary>Initializes a new instance of the <see cref="StateLogGrainStorage"/> class.</summary>
    /// <param name="name">The provider name.</param>
    /// <param name="rootDirectory">The full path of the root directory.</param>
    /// <param name="options">The provider options.</param>
    /// <param name="activatorProvider">Creates default state instances.</param>
    /// <param name="logger">The logger.</param>
    public StateLogGrainStorage(string name, string rootDirectory, LocalDiskGrainStorageOptions options, IActivatorProvider activatorProvider, ILogger logger)
    {
        _name = name;
        _owner = $"LocalDisk grain storage '{name}'";
        RootDirectory = rootDirectory;
        _options = options;
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string RootDirectory { get; }

    /// <summary>Gets the shared log while this provider is started; <see langword="null"/> before its first use and after it is disposed.</summary>
    public StateLog? Log => Volatile.Read(ref _log);

    /// <summary>Opens (or shares) the root directory's log; throws once disposed.</summary>
    /// <returns>The log.</returns>
    public StateLog EnsureStarted()
    {
        var log = Volatile.Read(ref _log);
        if (log is not null)
        {
            return log;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(
                    nameof(LocalDiskGrainStorage),
                    $"{_owner} has been disposed (its silo has stopped); it no longer reads or writes state.");
            }

            if (_log is null)
            {
                var rootLock = RootDirectoryLock.Acquire(RootDirectory, _owner);
                try
                {
                    Volatile.Write(ref _log, StateLog.Acquire(RootDirectory, _options.SegmentBytes, _logger));
                }
                catch
                {
                    rootLock.Dispose();
                    throw;
                }

                _rootLock = rootLock;
                LogStarted(_name, _log.Directory, _log.Index.Count, _options.SegmentBytes, _options.FlushToDisk);
            }

            return _log;
        }
    }

    /// <summary>Reads a state (see <see cref="IGrainStorage.ReadStateAsync{T}(string, GrainId, IGrainState{T})"/>).</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">Receives the state, ETag and whether a record exists.</param>
    /// <param name="cancellationToken">Cancels the read before it starts.</param>
    /// <returns>A task that completes when the state is read.</returns>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            // A pread of a record the page cache most likely holds: cheaper inline than on another thread.
            ReadState(stateName, grainId, grainState);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Writes a state, checking the caller's ETag against the stored one.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The state to write; receives the new ETag.</param>
    /// <param name="cancellationToken">Cancels the write while it is queued.</param>
    /// <returns>A task that completes when the write is in the log (and on the device with <c>FlushToDisk</c>).</returns>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        StateLog log;
        StateLogAppend item;
        try
        {
            log = EnsureStarted();
            cancellationToken.ThrowIfCancellationRequested();
            var key = new StateLogKey(stateName, grainId);
            var etag = StateFile.NewETag();
            item = grainState.State is SerializedState serialized
                ? StateLogAppend.WriteEncodedLater(key, () => EncodeDocument(key, etag, serialized), serialized.Json.Length + EnvelopeAllowance, etag, Normalize(grainState.ETag), _options.FlushToDisk, cancellationToken)
                : StateLogAppend.Write(key, EncodeDocument(key, etag, grainState.State), StateLogRecordKind.Document, etag, Normalize(grainState.ETag), _options.FlushToDisk, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }

        return AppendAsync(log, item, grainState, clear: false, cancellationToken);
    }

    /// <summary>Clears a state: a tombstone with <c>DeleteStateOnClear</c>, otherwise a cleared document with a new ETag.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The state to clear; receives the default state and the new ETag.</param>
    /// <param name="cancellationToken">Cancels the clear while it is queued.</param>
    /// <returns>A task that completes when the clear is in the log.</returns>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        StateLog log;
        StateLogAppend item;
        try
        {
            log = EnsureStarted();
            cancellationToken.ThrowIfCancellationRequested();
            var key = new StateLogKey(stateName, grainId);
            if (_options.DeleteStateOnClear)
            {
                item = StateLogAppend.Write(key, StateLogRecord.EncodeTombstone(key), StateLogRecordKind.Tombstone, null, Normalize(grainState.ETag), _options.FlushToDisk, cancellationToken);
            }
            else
            {
                var etag = StateFile.NewETag();
                item = StateLogAppend.Write(key, StateLogRecord.EncodeDocument(key, etag, StateFile.SerializeCleared(etag)), StateLogRecordKind.Document, etag, Normalize(grainState.ETag), _options.FlushToDisk, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }

        return AppendAsync(log, item, grainState, clear: true, cancellationToken);
    }

    /// <summary>
    /// Appends a write or clear and, once it is in the log, gives the grain state its new ETag (and, for a clear, the
    /// default state). The one async frame of a write: it waits for the writer thread's group commit, through young
    /// collections, and every frame waiting with it would be one more object promoted per write.
    /// </summary>
    private async Task AppendAsync<T>(StateLog log, StateLogAppend item, IGrainState<T> grainState, bool clear, CancellationToken cancellationToken)
    {
        var operation = clear ? "clear" : "write";
        lock (_lock)
        {
            if (_stopping)
            {
                item.Abandon();
                throw new ObjectDisposedException(
                    nameof(LocalDiskGrainStorage),
                    $"{_owner} has stopped (it was disposed, or its silo shut down); the {operation} of {item.Key} was not performed.");
            }

            _inFlight++;
        }

        StateLogAppendResult result;
        try
        {
            result = await log.AppendAsync(item, _owner, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                if (--_inFlight == 0 && _drained is not null)
                {
                    _drained.TrySetResult();
                }
            }
        }

        switch (result.Outcome)
        {
            case StateLogAppendOutcome.Stale:
                throw Stale(log, operation, item.Key, result.Stored, item.ExpectedETag);
            case StateLogAppendOutcome.Damaged:
                throw Damaged(log, item.Key, result.Stored!.Value, "it was found damaged when the state log was opened, so the ETag cannot be checked.", null);
        }

        if (clear)
        {
            grainState.State = CreateDefault<T>();
        }

        grainState.ETag = item.ETag;
        grainState.RecordExists = !clear;
    }

    /// <summary>Stops taking writes and waits for this provider's queued ones to complete; the log stays open for other providers.</summary>
    /// <param name="cancellationToken">Stops waiting (a forced stop); <see cref="Dispose"/> still closes the log properly.</param>
    /// <returns>A task that completes when this provider's writes are done.</returns>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
        {
            _stopping = true;
            if (_inFlight == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        return drained.WaitAsync(cancellationToken);
    }

    /// <summary>Returns this provider's use of the log (the last user closes it: queued writes complete, then a flush) and of the root directory lock.</summary>
    public void Dispose()
    {
        StateLog? log;
        RootDirectoryLock? rootLock;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            log = _log;
            rootLock = _rootLock;
            _log = null;
            _rootLock = null;
        }

        if (log is not null)
        {
            log.Release();
            rootLock?.Dispose();
            LogStopped(_name);
        }
    }

    private void ReadState<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var log = EnsureStarted();
        var key = new StateLogKey(stateName, grainId);
        if (!log.TryRead(key, out var entry, out var record) || entry.Kind == StateLogRecordKind.Tombstone)
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        if (entry.Kind == StateLogRecordKind.Damaged)
        {
            throw Damaged(log, key, entry, "it was found damaged when the state log was opened.", null);
        }

        var document = VerifiedDocument(log, key, entry, record);
        (string ETag, bool HasState, T? State) stored;
        try
        {
            stored = StateFile.Read<T>(log.SegmentPath(entry.Segment), document, _options.JsonSerializerOptions, _options.SchemaUpgrades);
        }
        catch (CorruptStateFileException ex)
        {
            throw Damaged(log, key, entry, ex.InnerException?.Message ?? ex.Message, ex);
        }

        grainState.State = stored.HasState && stored.State is not null ? stored.State : CreateDefault<T>();
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.HasState;
    }

    /// <summary>About what a record adds to a serialized state: header, key, ETag and the document's envelope.</summary>
    private const int EnvelopeAllowance = 256;

    private byte[] EncodeDocument<T>(StateLogKey key, string etag, T state) =>
        StateLogRecord.EncodeDocument(key, etag, StateFile.Serialize(etag, state, _options.JsonSerializerOptions, _options.SchemaUpgrades));

    private static string? Normalize(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    private byte[] VerifiedDocument(StateLog log, StateLogKey key, StateLogEntry entry, byte[] record)
    {
        if (record.Length < entry.Length)
        {
            throw Damaged(log, key, entry, $"the segment ends after {record.Length} of its {entry.Length} bytes.", null);
        }

        if (!StateLogRecord.TryReadHeader(record, out var payloadLength, out var crc) || payloadLength != record.Length - StateLogRecord.HeaderSize)
        {
            throw Damaged(log, key, entry, "its header is not a valid record header.", null);
        }

        var payload = record.AsMemory(StateLogRecord.HeaderSize);
        if (!StateLogRecord.IsIntact(payload.Span, crc))
        {
            throw Damaged(log, key, entry, "its CRC-32C does not match its content.", null);
        }

        if (!StateLogRecord.TryDecode(payload, out var decoded) || decoded.Key != key || decoded.Kind != StateLogRecordKind.Document)
        {
            throw Damaged(log, key, entry, "its content does not describe this grain's state.", null);
        }

        return decoded.Document.ToArray();
    }

    private CorruptStateFileException Damaged(StateLog log, StateLogKey key, StateLogEntry entry, string reason, Exception? inner)
    {
        var segment = log.SegmentPath(entry.Segment);
        var ex = CorruptStateFileException.ForLogRecord(segment, entry.Offset, $"the record of {key} {reason}", inner);
        LogCorruptRecord(_name, segment, entry.Offset, key.ToString(), ex);
        return ex;
    }

    private InconsistentStateException Stale(StateLog log, string operation, StateLogKey key, StateLogEntry? stored, string? expected)
    {
        var storedETag = stored?.StoredETag;
        var location = stored is { } s ? $"record at offset {s.Offset} of '{log.SegmentPath(s.Segment)}'" : $"nothing in '{log.Directory}'";
        LogETagConflict(_name, operation, key.ToString(), location, expected, storedETag);
        var message = expected is null
            ? $"LocalDisk grain storage '{_name}': {operation} of {key} ({location}) expected no stored record (create), but one exists with ETag {storedETag}. Another activation wrote this state."
            : $"LocalDisk grain storage '{_name}': {operation} of {key} ({location}) expected ETag {expected}, but the stored ETag is {storedETag ?? "none (the record was deleted)"}. Another activation changed this state.";
        return new InconsistentStateException(message, storedETag, expected);
    }

    private T CreateDefault<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "LocalDisk grain storage {Name} stores state in the state log {Directory} ({Entries} states indexed, segments of {SegmentBytes} bytes, flush to disk: {FlushToDisk})")]
    private partial void LogStarted(string name, string directory, int entries, long segmentBytes, bool flushToDisk);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "LocalDisk grain storage {Name} stopped; every queued write completed")]
    private partial void LogStopped(string name);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "LocalDisk grain storage {Name}: ETag conflict on {Operation} of {State} ({Location}): expected {Expected}, stored {Stored}")]
    private partial void LogETagConflict(string name, string operation, string state, string location, string? expected, string? stored);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "LocalDisk grain storage {Name}: the record at offset {Offset} of {Segment} ({State}) cannot be read and was left untouched")]
    private partial void LogCorruptRecord(string name, string segment, long offset, string state, Exception exception);
}
