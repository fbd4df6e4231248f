using System.IO.Compression;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Compresses state documents for upload and decodes downloads by their <c>Content-Encoding</c>.</summary>
internal static class StateEncoding
{
    /// <summary>Gets the <c>Content-Encoding</c> written for a compression, or <see langword="null"/> for none.</summary>
    /// <param name="compression">The compression.</param>
    /// <returns>The header value.</returns>
    public static string? GetContentEncoding(StateCompression compression) => compression switch
    {
        StateCompression.Gzip => "gzip",
        StateCompression.Brotli => "br",
        _ => null,
    };

    /// <summary>Compresses a document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="compression">The compression.</param>
    /// <returns>The bytes to upload.</returns>
    public static byte[] Encode(byte[] document, StateCompression compression)
    {
        if (compression == StateCompression.None)
        {
            return document;
        }

        using var output = new MemoryStream();
        using (Stream compressor = compression == StateCompression.Gzip
            ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
            : new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(document);
        }

        return output.ToArray();
    }

    /// <summary>Decodes downloaded bytes by their <c>Content-Encoding</c>.</summary>
    /// <param name="content">The downloaded bytes.</param>
    /// <param name="contentEncoding">The blob's <c>Content-Encoding</c>.</param>
    /// <returns>The document.</returns>
    /// <exception cref="InvalidDataException">The encoding is unknown or the bytes do not decode.</exception>
    public static ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> content, string? contentEncoding)
    {
        Func<Stream, Stream>? decompressor = contentEncoding switch
        {
            null or "" or "identity" => null,
            "gzip" => static s => new GZipStream(s, CompressionMode.Decompress),
            "br" => static s => new BrotliStream(s, CompressionMode.Decompress),
            _ => throw new InvalidDataException($"its Content-Encoding '{contentEncoding}' is not one this provider writes (gzip, br)."),
        };
        if (decompressor is null)
        {
            return content;
        }

        using var input = new MemoryStream(content.ToArray(), writable: false);
        using var stream = decompressor(input);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
