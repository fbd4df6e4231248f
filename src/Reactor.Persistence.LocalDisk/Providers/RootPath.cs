namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Checks and resolves configured root directories.</summary>
internal static class RootPath
{
    /// <summary>Tells whether a configured directory can be resolved to a full path.</summary>
    /// <param name="directory">The configured directory.</param>
    /// <returns><see langword="true"/> when <see cref="Resolve"/> will succeed.</returns>
    public static bool IsValid(string directory)
    {
        try
        {
            _ = Resolve(directory);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    /// <summary>Resolves a configured directory to a full path without a trailing separator.</summary>
    /// <param name="directory">The configured directory, absolute or relative to the current directory.</param>
    /// <returns>The full path.</returns>
    public static string Resolve(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
}
