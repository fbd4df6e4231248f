using System.Runtime.InteropServices;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Declares the POSIX calls needed to flush a directory entry, which .NET cannot open as a stream, and to swap two files.</summary>
internal static class NativeMethods
{
    /// <summary>The <c>O_RDONLY</c> flag of <c>open(2)</c>.</summary>
    public const int ReadOnly = 0;

    /// <summary>The <c>AT_FDCWD</c> directory descriptor: paths are resolved from the current directory (or are absolute).</summary>
    public const int CurrentDirectory = -100;

    /// <summary>The <c>RENAME_EXCHANGE</c> flag of <c>renameat2(2)</c>.</summary>
    public const uint RenameExchange = 2;

    /// <summary>The <c>ENOENT</c> error number.</summary>
    public const int NoSuchFile = 2;

    /// <summary>The <c>EINVAL</c> error number (a file system without <c>RENAME_EXCHANGE</c>).</summary>
    public const int InvalidArgument = 22;

    /// <summary>The <c>ENOSYS</c> error number.</summary>
    public const int NotImplemented = 38;

    /// <summary>The <c>EOPNOTSUPP</c> error number.</summary>
    public const int NotSupported = 95;

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

    /// <summary>Renames a file; with <see cref="RenameExchange"/>, swaps two existing files atomically (Linux 3.15+, glibc 2.28+).</summary>
    /// <param name="oldDirectory">The directory descriptor <paramref name="oldPath"/> is relative to.</param>
    /// <param name="oldPath">The first path.</param>
    /// <param name="newDirectory">The directory descriptor <paramref name="newPath"/> is relative to.</param>
    /// <param name="newPath">The second path.</param>
    /// <param name="flags">The rename flags.</param>
    /// <returns>0 on success, -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    public static extern int RenameAt2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);

    /// <summary>Flushes a file's data and the metadata needed to read it back to the device.</summary>
    /// <param name="handle">The open file.</param>
    /// <returns>0 on success, -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static extern int FDataSync(Microsoft.Win32.SafeHandles.SafeFileHandle handle);

    /// <summary>Closes a file descriptor.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <returns>0 on success, -1 on failure.</returns>
    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
