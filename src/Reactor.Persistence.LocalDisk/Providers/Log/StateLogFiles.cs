using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>Blocking file operations of the state log that count towards <see cref="StateLogCounters.Syncs"/>.</summary>
internal static class StateLogFiles
{
    /// <summary>Flushes a segment's data (and the size needed to read it) with <c>fdatasync</c> on Linux, <c>fsync</c> elsewhere.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="counters">Counts the sync.</param>
    public static void Sync(StateLogSegment segment, StateLogCounters counters)
    {
        Sync(segment.Handle, segment.Path);
        counters.CountSync();
    }

    /// <summary>Flushes the state log directory's entries, after a segment was created or deleted.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="counters">Counts the sync.</param>
    public static void SyncDirectory(string directory, StateLogCounters counters)
    {
        DurableFile.SyncDirectory(directory);
        counters.CountSync();
    }

    /// <summary>Reads bytes at an offset until the buffer is full or the file ends.</summary>
    /// <param name="handle">The file.</param>
    /// <param name="buffer">The buffer.</param>
    /// <param name="offset">The file offset.</param>
    /// <returns>The number of bytes read.</returns>
    public static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static void Sync(SafeFileHandle handle, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        if (NativeMethods.FDataSync(handle) != 0)
        {
            throw new IOException($"Cannot flush the state log segment '{path}' to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
