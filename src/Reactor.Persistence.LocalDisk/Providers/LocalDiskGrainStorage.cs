using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

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
/// </remarks>
internal sealed partial class LocalDiskGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const string FileExtension = ".json";

    private readonly string _name;
    private readonly LocalDiskGrainStorageOptions _options;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly Lock _initLock = new();
    private RootDirectoryLock? _rootLock;
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
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string RootDirectory { get; }

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
        EnsureInitialized();
        var path = GetFilePath(stateName, grainId);
        var content = await TryReadAsync(path, cancellationToken).ConfigureAwait(false);
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
            stored = StateFile.Read<T>(path, content, _options.JsonSerializerOptions);
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
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        var path = GetFilePath(stateName, grainId);
        var etag = StateFile.NewETag();
        var content = StateFile.Serialize(etag, grainState.State, _options.JsonSerializerOptions);
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var stored = await ReadStoredETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfStale("write", path, stored, grainState.ETag);
            await DurableFile.ReplaceAsync(path, content, cancellationToken).ConfigureAwait(false);
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
        EnsureInitialized();
        var path = GetFilePath(stateName, grainId);
        string? etag = null;
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var stored = await ReadStoredETagAsync(path, cancellationToken).ConfigureAwait(false);
            ThrowIfStale("clear", path, stored, grainState.ETag);
            if (_options.DeleteStateOnClear)
            {
                if (stored is not null)
                {
                    DurableFile.Delete(path);
                }
            }
            else
            {
                etag = StateFile.NewETag();
                await DurableFile.ReplaceAsync(path, StateFile.SerializeCleared(etag), cancellationToken).ConfigureAwait(false);
            }
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            $"{nameof(LocalDiskGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                EnsureInitialized();
                return Task.CompletedTask;
            });

    /// <summary>Releases this provider's share of the root directory lock.</summary>
    public void Dispose()
    {
        lock (_initLock)
        {
            _disposed = true;
            _rootLock?.Dispose();
            _rootLock = null;
        }
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

    private void EnsureInitialized()
    {
        if (Volatile.Read(ref _rootLock) is not null)
        {
            return;
        }

        lock (_initLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_rootLock is null)
            {
                _rootLock = RootDirectoryLock.Acquire(RootDirectory, $"LocalDisk grain storage '{_name}'");
                LogStarted(_name, RootDirectory);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "LocalDisk grain storage {Name} stores state under {RootDirectory}")]
    private partial void LogStarted(string name, string rootDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "LocalDisk grain storage {Name}: ETag conflict on {Operation} of {Path}: expected {Expected}, stored {Stored}")]
    private partial void LogETagConflict(string name, string operation, string path, string? expected, string? stored);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "LocalDisk grain storage {Name}: the state file {Path} cannot be read and was left untouched")]
    private partial void LogCorruptFile(string name, string path, Exception exception);
}
