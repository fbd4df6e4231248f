namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Holds an exclusive lock file in a store's root directory so that only one process at a time uses it.
/// Store instances in the same process share the lock (reference counted).
/// </summary>
/// <remarks>
/// The per-file locks that make ETag checks atomic only work within one process; a second process
/// writing the same directory could silently overwrite state. The lock turns that mistake into a
/// start-up error. On Unix .NET maps <see cref="FileShare.None"/> to an advisory <c>flock</c>, which the
/// operating system releases when the process dies, so a crash never leaves the directory locked.
/// </remarks>
internal sealed class RootDirectoryLock : IDisposable
{
    /// <summary>The name of the lock file; a leading '.' can never be produced by <see cref="SafeFileName"/>.</summary>
    public const string FileName = ".lock";

    private static readonly Lock Registry = new();
    private static readonly Dictionary<string, Holder> Held = new(StringComparer.Ordinal);

    private readonly string _root;
    private bool _disposed;

    private RootDirectoryLock(string root) => _root = root;

    /// <summary>Takes (or shares, within this process) the lock of a root directory, creating the directory if needed.</summary>
    /// <param name="root">The full path of the root directory.</param>
    /// <param name="owner">Names the store taking the lock, for the error message.</param>
    /// <returns>A lease to dispose when the store is done.</returns>
    /// <exception cref="InvalidOperationException">Another process holds the directory.</exception>
    public static RootDirectoryLock Acquire(string root, string owner)
    {
        lock (Registry)
        {
            if (Held.TryGetValue(root, out var holder))
            {
                holder.Count++;
                return new RootDirectoryLock(root);
            }

            DurableFile.EnsureDirectory(root, flushToDisk: true);
            var path = Path.Combine(root, FileName);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException(
                    $"{owner}: the directory '{root}' is in use by another process (lock file '{path}'). " +
                    "A local-disk store serves one process at a time; give each process its own RootDirectory.",
                    ex);
            }

            Held.Add(root, new Holder(stream));
            return new RootDirectoryLock(root);
        }
    }

    /// <summary>Releases this lease; the lock file is unlocked when the last lease in the process is released.</summary>
    public void Dispose()
    {
        lock (Registry)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var holder = Held[_root];
            if (--holder.Count == 0)
            {
                Held.Remove(_root);
                holder.Stream.Dispose();
            }
        }
    }

    private sealed class Holder(FileStream stream)
    {
        public FileStream Stream { get; } = stream;

        public int Count { get; set; } = 1;
    }
}
