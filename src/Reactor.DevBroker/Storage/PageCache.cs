using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Reactor.DevBroker.Storage;

/// <summary>Asks the operating system to drop file pages from its page cache (Linux <c>posix_fadvise(POSIX_FADV_DONTNEED)</c>); a no-op elsewhere.</summary>
internal static class PageCache
{
    private const int PosixFadviseDontNeed = 4;
    private static bool s_supported = OperatingSystem.IsLinux();

    /// <summary>Gets whether dropping is available on this system.</summary>
    public static bool IsSupported => s_supported;

    /// <summary>Drops the cached pages wholly inside [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); dirty pages are kept by the OS, so sync first.</summary>
    public static void Drop(SafeFileHandle handle, long offset, long length)
    {
        if (!s_supported || length <= 0)
        {
            return;
        }

        try
        {
            _ = PosixFadvise(handle, offset, length, PosixFadviseDontNeed);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_supported = false;
        }
        catch (ObjectDisposedException)
        {
            // The segment was closed meanwhile (retention, DeleteTopics, stop): nothing to drop.
        }
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int PosixFadvise(SafeFileHandle fd, long offset, long length, int advice);
}
