using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Stores decision records in one append-only JSON-lines file per entity:
/// <c>{root}/{entity type}/{shard}/{entity id}.jsonl</c>, names escaped by <see cref="SafeFileName"/>.
/// </summary>
/// <remarks>
/// Each append writes whole lines in one write under a per-file lock and flushes them to disk before
/// returning. Nothing is ever rewritten, so records are immutable. Reads dedupe by record id, the first
/// occurrence winning, so a retried flush that appends a record again is harmless. A crash in the middle of
/// an append can leave a torn last line: reads skip it with a warning, and the next append first ends it
/// with a newline so it cannot swallow the new records.
/// <para>
/// The blocking part of an append (write, <c>fsync</c>) runs on the log's <see cref="DurableWriteQueue"/>, a few
/// dedicated threads, while the caller awaits it holding the per-file lock. The threads start with the first use
/// and stop when the log is disposed; appends already queued then still complete.
/// </para>
/// </remarks>
internal sealed partial class LocalDiskDecisionLog : IDecisionLog, IDisposable
{
    private const string FileExtension = ".jsonl";
    private const byte NewLine = (byte)'\n';

    private readonly ILogger _logger;
    private readonly bool _flushToDisk;
    private readonly int _ioThreads;
    private readonly Lock _initLock = new();
    private Started? _started;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="LocalDiskDecisionLog"/> class.</summary>
    /// <param name="options">The options; <see cref="LocalDiskDecisionLogOptions.RootDirectory"/> is required.</param>
    /// <param name="logger">The logger.</param>
    public LocalDiskDecisionLog(IOptions<LocalDiskDecisionLogOptions> options, ILogger<LocalDiskDecisionLog> logger)
    {
        var value = options.Value;
        LocalDiskDecisionLogOptionsValidator.ThrowIfInvalid(value);
        RootDirectory = RootPath.Resolve(value.RootDirectory!);
        _flushToDisk = value.FlushToDisk;
        _ioThreads = value.IoThreads;
        _logger = logger;
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string RootDirectory { get; }

    /// <summary>Gets the dedicated I/O threads while the log is started; empty before its first use and after it is disposed.</summary>
    public IReadOnlyList<Thread> IoThreads => Volatile.Read(ref _started)?.Queue.Threads ?? [];

    /// <summary>Gets the path of the file that holds one entity's decisions.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <returns>The full path, inside <see cref="RootDirectory"/>.</returns>
    public string GetFilePath(string entityType, string entityId) =>
        Path.Combine(
            RootDirectory,
            SafeFileName.Escape(entityType),
            SafeFileName.Shard(entityId),
            SafeFileName.Escape(entityId) + FileExtension);

    /// <inheritdoc />
    public async Task AppendAsync(string entityType, string entityId, IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var content = DecisionLines.Serialize(entityType, entityId, records);
        var queue = EnsureInitialized().Queue;
        var path = GetFilePath(entityType, entityId);
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            // Past this point the append runs to completion: a write cut short would itself leave a torn line.
            cancellationToken.ThrowIfCancellationRequested();
            await queue.RunAsync(() => Append(path, content), path, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecisionRecord>> ReadAsync(string entityType, string entityId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(entityId);
        if (from >= to)
        {
            return [];
        }

        EnsureInitialized();
        var path = GetFilePath(entityType, entityId);
        byte[] content;
        using (await FileLocks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return [];
            }
        }

        return Parse(path, content, from, to);
    }

    /// <summary>
    /// Stops the I/O threads: waits for the appends already queued to complete, then releases this log's share of the
    /// root directory lock. Later appends and reads throw an <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
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
            LogStopped();
        }
    }

    /// <summary>Appends whole lines to an entity's file and, if configured, flushes them to disk. Blocks; runs on the queue.</summary>
    private void Append(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(path)!;
        DurableFile.EnsureDirectory(directory, _flushToDisk);
        var created = !File.Exists(path);
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0))
        {
            if (stream.Length > 0)
            {
                stream.Position = stream.Length - 1;
                if (stream.ReadByte() != NewLine)
                {
                    // A crash cut the previous append short; end that line so the new records stay readable.
                    LogTornTailTerminated(path);
                    stream.WriteByte(NewLine);
                }
            }

            stream.Position = stream.Length;
            stream.Write(content);
            if (_flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }
        }

        if (created && _flushToDisk)
        {
            DurableFile.SyncDirectory(directory);
        }
    }

    private List<DecisionRecord> Parse(string path, byte[] content, DateTimeOffset from, DateTimeOffset to)
    {
        var records = new List<DecisionRecord>();
        DecisionLines.Parse(content, records, (lineNumber, terminated, reason) =>
        {
            if (terminated)
            {
                LogUnreadableLine(path, lineNumber, reason);
            }
            else
            {
                LogTornLastLine(path, lineNumber);
            }
        });
        return DecisionLines.Select(records, from, to);
    }

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
                    nameof(LocalDiskDecisionLog),
                    "LocalDisk decision log has been disposed (its host has stopped); it no longer appends or reads decisions.");
            }

            if (_started is null)
            {
                const string Owner = "LocalDisk decision log";
                var rootLock = RootDirectoryLock.Acquire(RootDirectory, Owner);
                Volatile.Write(ref _started, new Started(rootLock, new DurableWriteQueue(Owner, _ioThreads)));
                LogStarted(RootDirectory, _ioThreads, _flushToDisk);
            }

            return _started;
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "LocalDisk decision log stores decisions under {RootDirectory} ({IoThreads} I/O threads, flush to disk: {FlushToDisk})")]
    private partial void LogStarted(string rootDirectory, int ioThreads, bool flushToDisk);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "LocalDisk decision log stopped; every queued append completed")]
    private partial void LogStopped();

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Decision log {Path}: skipped torn last line {LineNumber}, left by a write cut short by a crash")]
    private partial void LogTornLastLine(string path, int lineNumber);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Decision log {Path}: skipped unreadable line {LineNumber}: {Reason}")]
    private partial void LogUnreadableLine(string path, int lineNumber, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Decision log {Path}: the last line was torn by an earlier crash; it was ended so the new records stay readable")]
    private partial void LogTornTailTerminated(string path);

    /// <summary>Holds what a started log owns: its share of the directory lock and its I/O threads.</summary>
    /// <param name="RootLock">The share of the root directory lock.</param>
    /// <param name="Queue">The I/O threads.</param>
    private sealed record Started(RootDirectoryLock RootLock, DurableWriteQueue Queue);
}
