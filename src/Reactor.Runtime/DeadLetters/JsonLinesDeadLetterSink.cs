using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Runtime.DeadLetters;

/// <summary>
/// Appends dead letters to a local file, one JSON document per line, flushed to disk before the write completes.
/// The original bytes are kept base64-encoded under <c>originalBytes</c>.
/// </summary>
public sealed class JsonLinesDeadLetterSink : IDeadLetterSink, IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Creates a sink that appends to <paramref name="path"/>.</summary>
    /// <param name="path">The file's path; its directory is created when missing.</param>
    public JsonLinesDeadLetterSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
    }

    /// <summary>Gets the full path of the file.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var line = JsonSerializer.SerializeToUtf8Bytes(deadLetter, ReactorJson.Options);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
            await file.WriteAsync(line, cancellationToken);
            await file.WriteAsync(NewLine, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
