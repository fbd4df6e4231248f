using System.Collections.Concurrent;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>
/// Maps every stored state to its newest record and keeps each segment's live bytes (the bytes of records the index
/// points at) up to date. Any thread may read it; only the log's writer thread (or the start-up scan before it starts)
/// changes it, so a change never races another.
/// </summary>
internal sealed class StateLogIndex
{
    private readonly ConcurrentDictionary<StateLogKey, StateLogEntry> _entries = new();
    private readonly ConcurrentDictionary<int, StateLogSegment> _segments;

    /// <summary>Initializes a new instance of the <see cref="StateLogIndex"/> class.</summary>
    /// <param name="segments">The open segments, whose live bytes the index maintains.</param>
    public StateLogIndex(ConcurrentDictionary<int, StateLogSegment> segments) => _segments = segments;

    /// <summary>Gets the number of entries (documents, tombstones and damaged records).</summary>
    public int Count => _entries.Count;

    /// <summary>Looks up the newest record of a state.</summary>
    /// <param name="key">The state.</param>
    /// <param name="entry">Its entry.</param>
    /// <returns><see langword="false"/> when the log holds no record of it.</returns>
    public bool TryGet(StateLogKey key, out StateLogEntry entry) => _entries.TryGetValue(key, out entry);

    /// <summary>Points a state at a newer record.</summary>
    /// <param name="key">The state.</param>
    /// <param name="entry">The newer record.</param>
    public void Set(StateLogKey key, StateLogEntry entry)
    {
        if (_entries.TryGetValue(key, out var previous))
        {
            AddLive(previous, -previous.Length);
        }

        _entries[key] = entry;
        AddLive(entry, entry.Length);
    }

    /// <summary>Forgets a state (a tombstone that no older segment needs any more).</summary>
    /// <param name="key">The state.</param>
    public void Remove(StateLogKey key)
    {
        if (_entries.TryRemove(key, out var previous))
        {
            AddLive(previous, -previous.Length);
        }
    }

    private void AddLive(StateLogEntry entry, long bytes)
    {
        if (_segments.TryGetValue(entry.Segment, out var segment))
        {
            segment.AddLive(bytes);
        }
    }
}
