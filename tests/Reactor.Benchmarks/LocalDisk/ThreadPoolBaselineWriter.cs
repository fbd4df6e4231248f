using Orleans.Storage;
using Reactor.Abstractions;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Runtime.Persistence;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>
/// Writes state as the baseline (c): the provider's write path as it was before the dedicated I/O threads. Same per-file lock,
/// ETag check, envelope and file operations (temporary file, <c>fsync</c>, rename, directory <c>fsync</c>), but
/// the blocking part runs synchronously on the thread-pool thread of the caller.
/// </summary>
/// <param name="paths">Supplies the state file paths (the same layout as the provider's).</param>
/// <param name="stateName">The state name.</param>
internal sealed class ThreadPoolBaselineWriter(LocalDiskGrainStorage paths, string stateName)
{
    private static readonly StateSchemaUpgrades NoUpgrades = new();

    public async Task WriteAsync(GrainId grainId, IGrainState<BenchState> grainState)
    {
        var path = paths.GetFilePath(stateName, grainId);
        var etag = StateFile.NewETag();
        var content = StateFile.Serialize(etag, grainState.State, ReactorJson.Options, NoUpgrades);
        using (await FileLocks.AcquireAsync(path, CancellationToken.None).ConfigureAwait(false))
        {
            var stored = await ReadStoredETagAsync(path).ConfigureAwait(false);
            if (!string.Equals(stored, grainState.ETag, StringComparison.Ordinal))
            {
                throw new InconsistentStateException($"Baseline write of '{path}': expected ETag {grainState.ETag}, stored {stored}.", stored, grainState.ETag);
            }

            // Blocks this thread-pool thread for the write and both fsyncs, as the provider did before.
            DurableFile.Replace(path, content, flushToDisk: true);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    private static async Task<string?> ReadStoredETagAsync(string path)
    {
        byte[] content;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, DurableFile.ReaderShare, bufferSize: 1, useAsync: true);
            content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return StateFile.ReadETag(path, content);
    }
}
