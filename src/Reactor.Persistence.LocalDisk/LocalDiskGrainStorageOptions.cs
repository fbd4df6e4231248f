using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Persistence;

namespace Orleans.Configuration;

/// <summary>
/// Configures a Reactor local-disk grain storage provider (<c>AddLocalDiskGrainStorage</c>): by default one JSON
/// file per grain type, grain key and state name under <see cref="RootDirectory"/>; with <see cref="Layout"/>
/// <see cref="LocalDiskLayout.Log"/>, an append-only state log with group commit.
/// </summary>
public sealed class LocalDiskGrainStorageOptions
{
    /// <summary>
    /// Gets or sets the directory that holds the state files. Required; no default. A relative path is
    /// resolved against the current directory when the provider starts. The directory is created if
    /// missing and may be used by one process at a time.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// Gets or sets the System.Text.Json settings used to serialize grain state. Defaults to
    /// <see cref="ReactorJson.Options"/> (camelCase names, enums as strings), the format every Reactor store shares.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = ReactorJson.Options;

    /// <summary>
    /// Gets or sets the schema version of each state type and the upgrades of older stored states. Defaults to an
    /// empty set: every state type has version 1 and nothing is upgraded.
    /// </summary>
    public StateSchemaUpgrades SchemaUpgrades { get; set; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether clearing state deletes its file. Defaults to <see langword="true"/>.
    /// When <see langword="false"/>, clearing keeps a file with no state and a new ETag, so a stale
    /// activation cannot recreate the record with a create-only write.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether each write and clear is flushed to the device (<c>fsync</c> of the
    /// file and of its directory) before it completes. Defaults to <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// Writes replace the file atomically (temporary file, then rename) either way, so a completed write always
    /// survives a crash of the process. With <see langword="true"/> it also survives a power loss or an operating
    /// system crash, at the cost of two <c>fsync</c>s per write (milliseconds on most disks). With
    /// <see langword="false"/> a power loss may lose the last seconds of writes (grains then read an older state,
    /// and their next write fails its ETag check) or leave a state file empty, which reads report as a
    /// <see cref="Reactor.Persistence.LocalDisk.CorruptStateFileException"/>. Use <see langword="false"/> for
    /// development, tests and state that can be rebuilt.
    /// </remarks>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>
    /// Gets or sets the number of dedicated threads that perform the blocking file writes and <c>fsync</c>s of this
    /// provider, so that they never hold .NET thread-pool threads. Defaults to 8;
    /// must be between 1 and 64.
    /// </summary>
    /// <remarks>
    /// Several threads keep several <c>fsync</c>s in flight at once, which journaling file systems commit together,
    /// so more threads give more durable writes per second up to the disk's limit. The threads are background
    /// threads that start with the provider and stop when it is disposed. Used only with
    /// <see cref="LocalDiskLayout.FilePerGrain"/>; the state log has one writer thread per root directory.
    /// </remarks>
    public int IoThreads { get; set; } = 8;

    /// <summary>
    /// Gets or sets how state is laid out on disk. Defaults to <see cref="LocalDiskLayout.FilePerGrain"/>: one file per
    /// grain and state name. <see cref="LocalDiskLayout.Log"/> appends every write to a shared state log under
    /// <c>{RootDirectory}/state-log/</c>, so that concurrent writes share one <c>fsync</c>; it keeps an index of every
    /// stored grain in memory. The two layouts do not read each other's data.
    /// </summary>
    public LocalDiskLayout Layout { get; set; } = LocalDiskLayout.FilePerGrain;

    /// <summary>
    /// Gets or sets the size at which the state log starts a new segment file, in bytes. Defaults to 64 MiB; must be at
    /// least 1 MiB. Used only with <see cref="LocalDiskLayout.Log"/>.
    /// </summary>
    /// <remarks>
    /// Only sealed segments are compacted (once fewer than half of their bytes are the newest record of a grain), so
    /// smaller segments reclaim space sooner at the cost of more files and more compaction passes. The first provider
    /// that opens a root directory's log sets its segment size (and its flush mode on rolls) for the whole process.
    /// </remarks>
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;
}
