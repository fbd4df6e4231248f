using System.Runtime.InteropServices;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Writes files so that a crash leaves either the old or the new content, and makes new directory
/// entries survive power loss.
/// </summary>
internal static class DurableFile
{
    /// <summary>The suffix of the temporary file a replacement is written to before it is renamed over the target.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>
    /// The suffix of the spare file <see cref="ReplaceKeepingSpare"/> keeps next to its target: the target's previous
    /// content, overwritten in place by the next replacement. Readers never open it.
    /// </summary>
    public const string SpareSuffix = ".prev";

    /// <summary>The share mode for readers: renames and appends by writers must not be blocked by a reader.</summary>
    public const FileShare ReaderShare = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>
    /// Replaces a file's content atomically: write a sibling temporary file, flush it to disk, rename it over the
    /// target, flush the directory. Blocks; stores run it on their <see cref="DurableWriteQueue"/>.
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="flushToDisk">
    /// Whether to <c>fsync</c> the file and its directory. Without it the replacement is still atomic (it survives
    /// a process crash) but a power loss may lose it or, on some file systems, leave an empty file.
    /// </param>
    /// <remarks>
    /// The temporary name is fixed per target (<c>name.tmp</c>): writes to one target are serialized by
    /// <see cref="FileLocks"/> and one process owns the directory (<see cref="RootDirectoryLock"/>), so a
    /// leftover from a crash is simply truncated by the next write. Readers never open temporary files.
    /// </remarks>
    public static void Replace(string path, ReadOnlySpan<byte> content, bool flushToDisk)
    {
        var directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory, flushToDisk);
        var temp = path + TempSuffix;
        try
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            stream.Write(content);
            if (flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        File.Move(temp, path, overwrite: true);
        TryDelete(path + SpareSuffix);
        if (flushToDisk)
        {
            SyncDirectory(directory);
        }
    }

    /// <summary>
    /// Replaces a file's content atomically like <see cref="Replace"/>, but without allocating and freeing an inode per
    /// replacement: the new content is written over the spare file (<c>name.prev</c>, the content before the last
    /// replacement), flushed, and swapped with the target in one atomic <c>renameat2(RENAME_EXCHANGE)</c>, so the
    /// previous content becomes the next spare. Where the swap is not available (not Linux, a file system without it),
    /// or for the first write of a target, the spare is renamed over the target. Blocks.
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="flushToDisk">Whether to <c>fsync</c> the file and its directory (see <see cref="Replace"/>).</param>
    /// <remarks>
    /// Creating a file per write made ext4's inode allocator scan for recently deleted inodes on every write; that was
    /// the largest single cost of grain state writes. Readers must not hold the target open across two replacements
    /// (the second overwrites the inode they read): the grain storage reads under the file's lock.
    /// </remarks>
    public static void ReplaceKeepingSpare(string path, ReadOnlySpan<byte> content, bool flushToDisk)
    {
        var directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory, flushToDisk);
        var spare = path + SpareSuffix;
        try
        {
            using var stream = new FileStream(spare, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, bufferSize: 0);
            if (stream.Length == 0)
            {
                // No spare yet: a temporary file left by a crash of Replace is obsolete.
                TryDelete(path + TempSuffix);
            }

            stream.Write(content);
            stream.SetLength(content.Length);
            if (flushToDisk)
            {
                FlushData(stream);
            }
        }
        catch
        {
            TryDelete(spare);
            throw;
        }

        if (!TryExchange(spare, path))
        {
            File.Move(spare, path, overwrite: true);
        }

        if (flushToDisk)
        {
            SyncDirectory(directory);
        }
    }

    /// <summary>
    /// Flushes a file's data and the metadata needed to read it (its size, its blocks) with <c>fdatasync</c> on Linux:
    /// an overwrite of the same length then skips writing the inode for its new modification time.
    /// </summary>
    private static void FlushData(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            stream.Flush(flushToDisk: true);
            return;
        }

        if (NativeMethods.FDataSync(stream.SafeFileHandle) != 0)
        {
            throw new IOException($"Cannot flush '{stream.Name}' to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Swaps two existing files atomically; <see langword="false"/> when one is missing or the swap is not supported.</summary>
    private static bool TryExchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            if (NativeMethods.RenameAt2(NativeMethods.CurrentDirectory, first, NativeMethods.CurrentDirectory, second, NativeMethods.RenameExchange) == 0)
            {
                return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is NativeMethods.NoSuchFile or NativeMethods.InvalidArgument or NativeMethods.NotImplemented or NativeMethods.NotSupported
            ? false
            : throw new IOException($"Cannot swap '{first}' with '{second}' (errno {errno}).");
    }

    /// <summary>Deletes a file (and its spare, if any) and, if asked, flushes its directory so the deletion is durable. Blocks.</summary>
    /// <param name="path">The file.</param>
    /// <param name="flushToDisk">Whether to <c>fsync</c> the directory.</param>
    public static void Delete(string path, bool flushToDisk)
    {
        File.Delete(path);
        TryDelete(path + SpareSuffix);
        if (flushToDisk)
        {
            SyncDirectory(Path.GetDirectoryName(path)!);
        }
    }

    /// <summary>Creates a directory and its missing parents, flushing each parent (if asked) so the new entries are durable. Blocks.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="flushToDisk">Whether to <c>fsync</c> each parent that gained an entry.</param>
    public static void EnsureDirectory(string directory, bool flushToDisk)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(directory);
        if (parent is not null)
        {
            EnsureDirectory(parent, flushToDisk);
        }

        Directory.CreateDirectory(directory);
        if (parent is not null && flushToDisk)
        {
            SyncDirectory(parent);
        }
    }

    /// <summary>Flushes a directory's entries (creations, renames, deletions) to the device on POSIX systems.</summary>
    /// <param name="directory">The directory.</param>
    /// <remarks>
    /// Without this a rename survives a process crash but may be lost on power failure. Windows has no
    /// equivalent for directories and NTFS journals renames, so it is a no-op there.
    /// </remarks>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.Open(directory, NativeMethods.ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.FSync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory '{directory}' to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The next write to the same target truncates the leftover anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
