using System.Text.Json.Serialization;

namespace Reactor.Runtime.Windows;

/// <summary>
/// Stores the contents of one event window in the entity document (<c>windows.&lt;name&gt;</c>): the watermark and the
/// entries still inside the window, oldest first.
/// </summary>
public sealed class WindowData
{
    /// <summary>Gets or sets the latest event time the window has seen.</summary>
    public DateTimeOffset? Watermark { get; set; }

    /// <summary>Gets or sets the entries inside the window, ordered by event time.</summary>
    public List<WindowEntry> Entries { get; set; } = [];

    /// <summary>Gets or sets how many entries were dropped because the window reached its entry cap.</summary>
    public long Overflowed { get; set; }

    /// <summary>Gets the number of entries inside the window.</summary>
    [JsonIgnore]
    public int Count => Entries.Count - Head;

    /// <summary>Gets the index of the oldest live entry; entries before it are evicted and removed in batches.</summary>
    internal int Head { get; private set; }

    /// <summary>Evicts the <paramref name="count"/> oldest entries, compacting the list once half of it is evicted.</summary>
    internal void DropOldest(int count)
    {
        Head += count;
        if (Head > 32 && Head > Entries.Count / 2)
        {
            Compact();
        }
    }

    /// <summary>Removes evicted entries from the list, before it is serialized.</summary>
    internal void Compact()
    {
        if (Head > 0)
        {
            Entries.RemoveRange(0, Head);
            Head = 0;
        }
    }
}
