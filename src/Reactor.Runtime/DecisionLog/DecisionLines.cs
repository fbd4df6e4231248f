using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Runtime.DecisionLog;

/// <summary>
/// Writes and reads decision records as JSON lines (one <see cref="ReactorJson"/> record per line), the layout
/// every Reactor decision log stores, and applies the read rules of <see cref="IDecisionLog"/>: the first
/// occurrence of an id wins, the range is half-open, oldest first.
/// </summary>
public static class DecisionLines
{
    private const byte NewLine = (byte)'\n';

    /// <summary>Serializes the records of one entity as JSON lines, checking that each belongs to that entity.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="records">The records, in decision order.</param>
    /// <returns>The lines, each ended by a newline.</returns>
    /// <exception cref="ArgumentException">A record belongs to another entity.</exception>
    public static byte[] Serialize(string entityType, string entityId, IReadOnlyList<DecisionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (!string.Equals(record.EntityType, entityType, StringComparison.Ordinal) || !string.Equals(record.EntityId, entityId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Decision record '{record.Id}' belongs to {record.EntityType}/{record.EntityId}, not to {entityType}/{entityId}; append each entity's records under its own id.",
                    nameof(records));
            }

            JsonSerializer.Serialize(buffer, record, ReactorJson.Options);
            buffer.WriteByte(NewLine);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses JSON lines, skipping blank lines and reporting unreadable ones.</summary>
    /// <param name="content">The lines.</param>
    /// <param name="records">Receives the records in stored order.</param>
    /// <param name="onUnreadableLine">
    /// Called for a line that does not parse with its 1-based number, whether it was ended by a newline (an unended
    /// last line is torn by a crash), and the parser's message.
    /// </param>
    public static void Parse(ReadOnlySpan<byte> content, List<DecisionRecord> records, Action<int, bool, string> onUnreadableLine)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(onUnreadableLine);
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf(NewLine);
            var terminated = end >= 0;
            var line = terminated ? content[..end] : content;
            content = terminated ? content[(end + 1)..] : [];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<DecisionRecord>(line, ReactorJson.Options) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException ex)
            {
                onUnreadableLine(lineNumber, terminated, ex.Message);
            }
        }
    }

    /// <summary>Selects the records decided in [<paramref name="from"/>, <paramref name="to"/>), each id once, oldest first.</summary>
    /// <param name="records">The stored records in the order they were appended.</param>
    /// <param name="from">The inclusive lower bound.</param>
    /// <param name="to">The exclusive upper bound.</param>
    /// <returns>The selected records; records decided at the same instant keep their append order.</returns>
    public static List<DecisionRecord> Select(IEnumerable<DecisionRecord> records, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(records);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inRange = new List<DecisionRecord>();
        foreach (var record in records)
        {
            // The first occurrence of an id wins: records are immutable, a later copy is a retried flush.
            if (seen.Add(record.Id) && record.DecidedAt >= from && record.DecidedAt < to)
            {
                inRange.Add(record);
            }
        }

        // OrderBy is stable, so records decided at the same instant keep their append order.
        return [.. inRange.OrderBy(r => r.DecidedAt)];
    }
}
