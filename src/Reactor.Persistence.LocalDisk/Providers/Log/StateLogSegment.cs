using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>One segment file of the state log: its open handle, how far it is written and how much of it is still the newest record of some grain.</summary>
internal sealed class StateLogSegment : IDisposable
{
    /// <summary>The extension of segment files.</summary>
    public const string Extension = ".seg";

    private long _length;
    private long _liveBytes;

    private StateLogSegment(int id, string path, SafeFileHandle handle, long length)
    {
        Id = id;
        Path = path;
        Handle = handle;
        _length = length;
    }

    /// <summary>Gets the segment's number; segments are written in increasing order.</summary>
    public int Id { get; }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets the open file, for <c>pread</c> and <c>pwrite</c>; reads racing a deletion see an <see cref="ObjectDisposedException"/>.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Gets or sets how many bytes hold records; only the writer thread (or the start-up scan) sets it.</summary>
    public long Length
    {
        get => Volatile.Read(ref _length);
        set => Volatile.Write(ref _length, value);
    }

    /// <summary>Gets the bytes of the records the index points at.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Gets or sets a value indicating whether the start-up scan found damaged records here; such a segment is never compacted.</summary>
    public bool IsDamaged { get; set; }

    /// <summary>Gets the file name of a segment.</summary>
    /// <param name="id">The segment number.</param>
    /// <returns>A name like <c>00000001.seg</c>.</returns>
    public static string FileName(int id) => id.ToString("D8", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Parses a segment file name.</summary>
    /// <param name="fileName">The file name, without directory.</param>
    /// <param name="id">The segment number.</param>
    /// <returns><see langword="false"/> when the name is not a segment's.</returns>
    public static bool TryParseId(string fileName, out int id)
    {
        id = 0;
        return fileName.Length == 8 + Extension.Length
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }

    /// <summary>Opens (or creates) a segment file.</summary>
    /// <param name="directory">The state log directory.</param>
    /// <param name="id">The segment number.</param>
    /// <param name="create">Whether to create the file; otherwise it must exist.</param>
    /// <returns>The segment, its length being the file's.</returns>
    public static StateLogSegment Open(string directory, int id, bool create)
    {
        var path = System.IO.Path.Combine(directory, FileName(id));
        var handle = File.OpenHandle(path, create ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        return new StateLogSegment(id, path, handle, RandomAccess.GetLength(handle));
    }

    /// <summary>Adds to (or, negative, subtracts from) the live bytes.</summary>
    /// <param name="bytes">The change.</param>
    public void AddLive(long bytes) => Interlocked.Add(ref _liveBytes, bytes);

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}
