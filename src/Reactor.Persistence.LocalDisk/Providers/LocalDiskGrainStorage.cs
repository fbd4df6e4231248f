using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers.Log;
using Reactor.Runtime.Persistence;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Stores grain state as one JSON file per grain type, grain key and state name under a root directory,
/// with atomic replacement and ETag-checked writes.
/// </summary>
/// <remarks>
/// Layout: <c>{root}/{grain type}/{state name}/{shard}/{grain key}.json</c>, every segment escaped by
/// <see cref="SafeFileName"/>, the shard being the first byte of the key's SHA-256. The file holds the
/// envelope described by <see cref="StateFile"/>. Every write and clear compares the stored ETag with the
/// caller's under a per-file lock (<see cref="FileLocks"/>), so of two activations holding the same ETag
/// exactly one succeeds and the other gets an <see cref="InconsistentStateException"/>.
/// <para>
/// The blocking part of a write or clear (temporary file, <c>fsync</c>, rename, directory <c>fsync</c>) runs on
/// the provider's <see cref="DurableWriteQueue"/>, a few dedicated threads, while the caller awaits it holding the
/// per-file lock; reads and ETag checks stay on the caller's side. The threads start with the provider and stop
/// when the silo stops or the provider is disposed; writes already queued then still complete.
/// </para>
/// <para>
/// With <see cref="LocalDiskGrainStorageOptions.Layout"/> <see cref="LocalDiskLayout.Log"/> every operation goes to
/// <see cref="StateLogGrainStorage"/> instead: an append-only state log shared by every provider over the directory.
/// </para>
/// </remarks>
internal sealed partial class LocalDiskGrainStorage : IGrainStorage, IStateDocumentStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const string FileExtension = ".json";

    private readonly string _name;
    private readonly LocalDiskGrainStorageOptions _options;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly Lock _initLock = new();
    private readonly StateLogGrainStorage? _log;
    private Started? _started;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="LocalDiskGrainStorage"/> class.</summary>
    /// <param name="name">The provider name.</param>
    /// <param name="options">The provider options.</param>
    /// <param name="activatorProvider">Creates default state instances.</param>
    /// <param name="logger">The logger.</param>
    public LocalDiskGrainStorage(string name, LocalDiskGrainStorageOptions options, IActivatorProvider activatorProvider, ILogger<LocalDiskGrainStorage> logger)
    {
        LocalDiskGrainStorageOptionsValidator.ThrowIfInvalid(options, name);
        _name = name;
        _options = options;
        _activatorProvider = activatorProvider;
        _logger = logger;
        RootDirectory = RootPath.Resolve(options.RootDirectory!);
        if (options.Layout == LocalDiskLayout.Log)
        {
            _log = new StateLogGrainStorage(name, RootDirectory, options, activatorProvider, logger);
        }
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string RootDirectory { get; }

    /// <summary>Gets the dedicated I/O threads while the provider is started; empty before its first use and after it is disposed.</summary>
    public IReadOnlyList<Thread> IoThreads => _log is not null
        ? _log.Log is { } log ? [log.WriterThread] : []
        : Volatile.Read(ref _started)?.Queue.Threads ?? [];

    /// <summary>Gets the state log with <see cref="LocalDiskLayout.Log"/>, starting the provider if needed; otherwise <see langword="null"/>.</summary>
    internal StateLog? StateLog => _log?.EnsureStarted();

    /// <summary>Gets the path of the file that stores one state of one grain.</summary>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain id (type and key).</param>
    /// <returns>The full path, inside <see cref="RootDirectory"/>.</returns>
    public string GetFilePath(string stateName, GrainId grainId)
    {
        var key = grainId.Key.AsSpan();
        return Path.Combine(
            RootDirectory,
            SafeFileName.Escape(grainId.Type.AsSpan()),
            SafeFileName.Escape(stateName),
            SafeFileName.Shard(key),
            SafeFileName.Escape(key) + FileExtension);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            await _log.ReadStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
            return;
        }

        EnsureInitialized();
        var path = GetFilePath(stateName, grainId);
        byte[]? content;

        // Under the file's lock: a write overwrites the previous content's inode in place (DurableFile.ReplaceKeepingSpare).
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            content = await TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        }

        if (content is null)
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        (string ETag, bool HasState, T? State) stored;
        try
        {
            stored = StateFile.Read<T>(path, content, _options.JsonSerializerOptions, _options.SchemaUpgrades);
        }
        catch (CorruptStateFileException ex)
        {
            LogCorruptFile(_name, path, ex);
            throw;
        }

        grainState.State = stored.HasState && stored.State is not null ? stored.State : CreateDefault<T>();
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.HasState;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _log is not null
            ? _log.WriteStateAsync(stateName, grainId, grainState, cancellationToken)
            : WriteFileAsync(stateName, grainId, grainState, cancellationToken);

    private async Task WriteFileAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var queue = EnsureInitialized().Queue;
        var path = GetFilePath(stateName, grainId);
        var etag = StateFile.NewETag();
        var content = StateFile.Serialize(etag, grainState.State, _options.JsonSerializerOptions, _options.SchemaUpgrades);
        var flushToDisk = _options.FlushToDisk;
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var stored = await ReadStoredETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfStale("write", path, stored, grainState.ETag);

            // The lock stays held until the replacement is complete (or canceled before it started).
            await queue.RunAsync(() => DurableFile.ReplaceKeepingSpare(path, content, flushToDisk), path, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            await _log.ClearStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
            return;
        }

        var queue = EnsureInitialized().Queue;
        var path = GetFilePath(stateName, grainId);
        var flushToDisk = _options.FlushToDisk;
        string? etag = null;
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var stored = await ReadStoredETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfStale("clear", path, stored, grainState.ETag);
            if (_options.DeleteStateOnClear)
            {
                if (stored is not null)
                {
                    await queue.RunAsync(() => DurableFile.Delete(path, flushToDisk), path, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                etag = StateFile.NewETag();
                var content = StateFile.SerializeCleared(etag);
                await queue.RunAsync(() => DurableFile.Replace(path, content, flushToDisk), path, cancellationToken).ConfigureAwait(false);
            }
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(
            $"{nameof(LocalDiskGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                if (_log is not null)
                {
                    _log.EnsureStarted();
                }
                else
                {
                    EnsureInitialized();
                }

                return Task.CompletedTask;
            });

        // Grains are deactivated (and write their state) in later stages, which stop first; this stage stops last.
        lifecycle.Subscribe(
            $"{nameof(LocalDiskGrainStorage)}-{_name}-io",
            ServiceLifecycleStage.RuntimeInitialize,
            static _ => Task.CompletedTask,
            StopAsync);
    }

    /// <summary>
    /// Stops the I/O threads: waits for the writes already queued to complete, then releases this provider's share of
    /// the root directory lock. Later reads and writes throw an <see cref="ObjectDisposedException"/> naming the provider.
    /// </summary>
    public void Dispose()
    {
        if (_log is not null)
        {
            _log.Dispose();
            return;
        }

        Started? started;
        lock (_initLock)
        {
            _disposed = true;
            started = _started;
            _started = null;
        }

        if (started is not null)
        {
            started.Queue.Dispose();
            started.RootLock.Dispose();
            LogStopped(_name);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            await _log.StopAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var queue = Volatile.Read(ref _started)?.Queue;
        if (queue is null)
        {
            return;
        }

        // Stop taking writes and let the queued ones finish; a forced (canceled) stop does not wait, Dispose will.
        queue.Complete();
        await queue.Stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, DurableFile.ReaderShare, bufferSize: 1, useAsync: true);
            var content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return content;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task<string?> ReadStoredETagAsync(string path, CancellationToken cancellationToken)
    {
        var content = await TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        try
        {
            return StateFile.ReadETag(path, content);
        }
        catch (CorruptStateFileException ex)
        {
            // Without a readable ETag the write cannot be checked, and overwriting would hide the damage.
            LogCorruptFile(_name, path, ex);
            throw;
        }
    }

    private void ThrowIfStale(string operation, string path, string? stored, string? expected)
    {
        expected = string.IsNullOrEmpty(expected) ? null : expected;
        if (string.Equals(stored, expected, StringComparison.Ordinal))
        {
            return;
        }

        LogETagConflict(_name, operation, path, expected, stored);
        var message = expected is null
            ? $"LocalDisk grain storage '{_name}': {operation} of '{path}' expected no stored record (create), but one exists with ETag {stored}. Another activation wrote this state."
            : $"LocalDisk grain storage '{_name}': {operation} of '{path}' expected ETag {expected}, but the stored ETag is {stored ?? "none (the record was deleted)"}. Another activation changed this state.";
        throw new InconsistentStateException(message, stored, expected);
    }

    private T CreateDefault<T>() => _activatorProvider.GetActivator<T>().Create();

    private Started EnsureInitialized()
    {
        var started = Volatile.Read(ref _started);
        if (started is not null)
        {
            return started;
        }

        lock (_initLock)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(
                    nameof(LocalDiskGrainStorage),
                    $"LocalDisk grain storage '{_name}' has been disposed (its silo has stopped); it no longer reads or writes state.");
            }

            if (_started is null)
            {
                var owner = $"LocalDisk grain storage '{_name}'";
                var rootLock = RootDirectoryLock.Acquire(RootDirectory, owner);
                Volatile.Write(ref _started, new Started(rootLock, new DurableWriteQueue(owner, _options.IoThreads)));
                LogStarted(_name, RootDirectory, _options.IoThreads, _options.FlushToDisk);
            }

            return _started;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "LocalDisk grain storage {Name} stores state under {RootDirectory} ({IoThreads} I/O threads, flush to disk: {FlushToDisk})")]
    private partial void LogStarted(string name, string rootDirectory, int ioThreads, bool flushToDisk);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "LocalDisk grain storage {Name} stopped; every queued write completed")]
    private partial void LogStopped(string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "LocalDisk grain storage {Name}: ETag conflict on {Operation} of {Path}: expected {Expected}, stored {Stored}")]
    private partial void LogETagConflict(string name, string operation, string path, string? expected, string? stored);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "LocalDisk grain storage {Name}: the state file {Path} cannot be read and was left untouched")]
    private partial void LogCorruptFile(string name, string path, Exception exception);

    /// <summary>Holds what a started provider owns: its share of the directory lock and its I/O threads.</summary>
    /// <param name="RootLock">The share of the root directory lock.</param>
    /// <param name="Queue">The I/O threads.</param>
    private sealed record Started(RootDirectoryLock RootLock, DurableWriteQueue Queue);
}
