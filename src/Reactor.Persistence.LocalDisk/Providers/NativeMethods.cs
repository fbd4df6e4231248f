using System.Runtime.InteropServices;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Declares the POSIX calls needed to flush a directory entry, which .NET cannot open as a stream.</summary>
internal static class NativeMethods
{
    /// <summary>The <c>O_RDONLY</c> flag of <c>open(2)</c>.</summary>
    public const int ReadOnly = 0;

    /// <summary>Opens a file or directory.</summary>
    /// <param name="path">The path.</param>
    /// <param name="flags">The open flags.</param>
    /// <returns>A file descriptor, or -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>Flushes a file descriptor's data and metadata to the device.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <returns>0 on success, -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int FSync(int fd);

    /// <summary>Closes a file descriptor.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <returns>0 on success, -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
