using System.Security.Cryptography;
using System.Text;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Maps arbitrary identifiers (grain types, grain keys, state names, entity ids) to file and directory
/// names that are safe on every file system and distinct for distinct identifiers.
/// </summary>
/// <remarks>
/// ASCII letters, digits, '.', '_' and '-' are kept, except a leading '.', so no name is hidden or
/// equal to "." or "..". Every other byte of the identifier's UTF-8 form becomes <c>%XX</c> (upper-case
/// hex), and '%' itself is escaped, so the mapping is injective. The empty identifier is a lone <c>%</c>,
/// which no escape sequence can produce. A name longer than <see cref="MaxLength"/> keeps its first
/// characters (never cutting an escape) followed by <c>~</c> and the SHA-256 of the identifier; '~' is
/// always escaped otherwise, so truncated names cannot collide with untruncated ones.
/// </remarks>
internal static class SafeFileName
{
    /// <summary>The longest name produced, well below the 255-byte limit of common file systems so suffixes fit.</summary>
    public const int MaxLength = 160;

    private const string HexDigits = "0123456789ABCDEF";
    private const int HashSuffixLength = 1 + (SHA256.HashSizeInBytes * 2);

    /// <summary>Escapes a string identifier through its UTF-8 bytes.</summary>
    /// <param name="value">The identifier.</param>
    /// <returns>The safe name.</returns>
    public static string Escape(string value) => Escape(Encoding.UTF8.GetBytes(value));

    /// <summary>Escapes raw identifier bytes.</summary>
    /// <param name="bytes">The identifier bytes (UTF-8 for string identifiers).</param>
    /// <returns>The safe name.</returns>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "%";
        }

        var builder = new StringBuilder(bytes.Length);
        var lastBoundaryWithinLimit = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (IsKept(b) && !(i == 0 && b == (byte)'.'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }

            if (builder.Length <= MaxLength - HashSuffixLength)
            {
                lastBoundaryWithinLimit = builder.Length;
            }
        }

        if (builder.Length <= MaxLength)
        {
            return builder.ToString();
        }

        builder.Length = lastBoundaryWithinLimit;
        builder.Append('~').Append(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return builder.ToString();
    }

    /// <summary>Computes the shard directory of an identifier: the first byte of its SHA-256, as two hex digits.</summary>
    /// <param name="value">The identifier.</param>
    /// <returns>A name from <c>00</c> to <c>ff</c>; 256 shards keep a million entities near 4,000 files per directory.</returns>
    public static string Shard(string value) => Shard(Encoding.UTF8.GetBytes(value));

    /// <summary>Computes the shard directory of raw identifier bytes.</summary>
    /// <param name="bytes">The identifier bytes.</param>
    /// <returns>A name from <c>00</c> to <c>ff</c>.</returns>
    public static string Shard(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..1]);
    }

    private static bool IsKept(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'.' or (byte)'_' or (byte)'-';
}
