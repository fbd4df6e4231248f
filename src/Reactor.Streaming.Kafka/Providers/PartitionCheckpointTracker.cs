using System.Runtime.InteropServices;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Tracks, for one partition, which read offsets are still in flight and which entities received events
/// since the last commit, and so which offset may be committed once those entities are durable.
/// Not thread-safe: the pulling agent calls its receiver one turn at a time.
/// </summary>
/// <param name="topic">The partition's topic, the namespace of the entities' streams.</param>
internal sealed class PartitionCheckpointTracker(string topic)
{
    // Offsets being delivered, and the same in read (ascending) order, so the lowest is found without a sorted set.
    private readonly HashSet<long> _inFlight = [];
    private readonly Queue<long> _readOrder = new();

    // Entities that received events since the last commit: each one's latest offset and how many entries it has in
    // _touchLog, the (offset, entity) pairs in delivery order (ascending per entity). One shared list instead of a list
    // per entity: those lists lived from an entity's first event to the next commit, through young collections.
    private readonly Dictionary<string, TouchedEntity> _touched = new(StringComparer.Ordinal);
    private readonly List<(long Offset, string Entity)> _touchLog = [];

    // Entities a checkpoint found durable, with the offset they covered. Within a generation an entity's durable
    // position on this partition only grows (a rewind, which resets entities, starts a new generation), so a later
    // checkpoint need not ask them again for offsets up to it. That keeps a checkpoint that waits for slow writes from
    // asking every entity again, which reactivated entities deactivated in between.
    private readonly Dictionary<string, long> _durable = new(StringComparer.Ordinal);

    // Tables with room for more entries than this are trimmed once a commit leaves fewer than a sixteenth of them used.
    private const int TrimAbove = 4096;

    /// <summary>Starts tracking from the offset the consumer starts at.</summary>
    /// <param name="startOffset">The first offset that will be read.</param>
    public void Reset(long startOffset)
    {
        _inFlight.Clear();
        _readOrder.Clear();
        _touched.Clear();
        _touchLog.Clear();
        _durable.Clear();
        NextOffset = startOffset;
        Committed = startOffset;
        Generation++;
    }

    /// <summary>Gets the offset after the last one read.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Gets the last offset committed (the next offset a restarted consumer reads).</summary>
    public long Committed { get; private set; }

    /// <summary>Gets the number that identifies reads since the last reset; completions of older reads are ignored.</summary>
    public int Generation { get; private set; }

    /// <summary>Gets the number of offsets read but not yet delivered.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Gets the number of entities that received events since the last commit.</summary>
    public int TouchedEntities => _touched.Count;

    /// <summary>Gets the offset that may be committed once every touched entity below it is durable.</summary>
    public long Committable => _readOrder.Count == 0 ? NextOffset : _readOrder.Peek();

    /// <summary>Gets whether <paramref name="entityId"/> received events not yet committed.</summary>
    /// <param name="entityId">The entity.</param>
    /// <returns>Whether the tracker waits for it.</returns>
    public bool IsTracking(string entityId) => _touched.ContainsKey(entityId);

    /// <summary>Records that an offset was read and is being delivered to an entity.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="entityId">The entity it goes to.</param>
    /// <returns>The offset of the entity's previous event not yet confirmed durable, or <see langword="null"/>.</returns>
    public long? Delivering(long offset, string entityId) => Delivering(offset, ref entityId, out _);

    /// <summary>
    /// Records that an offset was read and is being delivered to an entity, and gives the entity id and stream id kept
    /// for the entity while it is tracked: the events of an entity read between two commits share one string and one
    /// stream id instead of each keeping its own copies alive while it waits in the cache.
    /// </summary>
    /// <param name="offset">The offset.</param>
    /// <param name="entityId">The entity it goes to; replaced by the equal string kept for the entity.</param>
    /// <param name="stream">Receives the entity's stream.</param>
    /// <returns>The offset of the entity's previous event not yet confirmed durable, or <see langword="null"/>.</returns>
    public long? Delivering(long offset, ref string entityId, out StreamId stream)
    {
        Read(offset);
        if (_inFlight.Add(offset))
        {
            _readOrder.Enqueue(offset);
        }

        ref var touched = ref CollectionsMarshal.GetValueRefOrAddDefault(_touched, entityId, out var known);
        if (!known)
        {
            touched = new TouchedEntity(offset, 1, entityId, StreamId.Create(topic, entityId));
            _touchLog.Add((offset, entityId));
            stream = touched.Stream;
            return null;
        }

        entityId = touched.EntityId;
        stream = touched.Stream;
        var previous = touched.Latest;
        if (offset > previous)
        {
            touched = touched with { Latest = offset, Entries = touched.Entries + 1 };
            _touchLog.Add((offset, entityId));
        }

        return previous;
    }

    /// <summary>Records that an offset was read and needs no delivery (dead-lettered or skipped).</summary>
    /// <param name="offset">The offset.</param>
    public void Settled(long offset) => Read(offset);

    /// <summary>Records that an offset read in <paramref name="generation"/> was delivered.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="generation">The generation of the read.</param>
    public void Delivered(long offset, int generation)
    {
        if (generation == Generation && _inFlight.Remove(offset))
        {
            while (_readOrder.Count > 0 && !_inFlight.Contains(_readOrder.Peek()))
            {
                _readOrder.Dequeue();
            }
        }
    }

    /// <summary>Lists the entities that must be durable before <paramref name="committable"/> is committed, with the highest offset each received below it.</summary>
    /// <param name="committable">The offset about to be committed.</param>
    /// <returns>The entities and offsets.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> EntitiesBelow(long committable)
    {
        // An entity with events on both sides of the commit must be checked for the ones below it too,
        // or the commit would cover events its activation may still lose.
        var highestBelow = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (offset, entity) in CollectionsMarshal.AsSpan(_touchLog))
        {
            if (offset < committable)
            {
                // An entity's entries ascend, so its last one below the commit is the highest.
                highestBelow[entity] = offset;
            }
        }

        var result = new List<KeyValuePair<string, long>>(highestBelow.Count);
        foreach (var (entity, highest) in highestBelow)
        {
            if (!(_durable.TryGetValue(entity, out var durable) && durable >= highest))
            {
                result.Add(new(entity, highest));
            }
        }

        return result;
    }

    /// <summary>Records that a checkpoint started in <paramref name="generation"/> found an entity durable up to <paramref name="offset"/>.</summary>
    /// <param name="entityId">The entity.</param>
    /// <param name="offset">The highest offset of this partition its durable state covers, as the checkpoint asked.</param>
    /// <param name="generation">The generation the checkpoint was started in; confirmations from before a reset are ignored.</param>
    public void ConfirmDurable(string entityId, long offset, int generation)
    {
        if (generation == Generation && _touched.ContainsKey(entityId) && (!_durable.TryGetValue(entityId, out var known) || offset > known))
        {
            _durable[entityId] = offset;
        }
    }

    /// <summary>Records a commit: offsets below it are confirmed durable and no longer tracked.</summary>
    /// <param name="offset">The committed offset.</param>
    /// <param name="released">Receives the entities left with no offsets to track, when given.</param>
    public void MarkCommitted(long offset, ICollection<string>? released = null)
    {
        var log = CollectionsMarshal.AsSpan(_touchLog);
        var kept = 0;
        foreach (var entry in log)
        {
            if (entry.Offset >= offset)
            {
                log[kept++] = entry;
                continue;
            }

            ref var touched = ref CollectionsMarshal.GetValueRefOrNullRef(_touched, entry.Entity);
            if (--touched.Entries == 0)
            {
                _touched.Remove(entry.Entity);
                _durable.Remove(entry.Entity);
                released?.Add(entry.Entity);
            }
        }

        _touchLog.RemoveRange(kept, _touchLog.Count - kept);
        Committed = offset;
        TrimAfterBurst();
    }

    /// <summary>Gets how many entries the tracker's tables have room for, for tests and diagnostics.</summary>
    internal int TableCapacity => _touched.Capacity + _durable.Capacity + _touchLog.Capacity;

    /// <summary>
    /// Gives back the room a burst left: a partition whose entities all received events between two commits (a million
    /// entities starting up, a replay) grows these tables to one entry per entity, and a table keeps its size when emptied.
    /// </summary>
    private void TrimAfterBurst()
    {
        if (_touchLog.Capacity > TrimAbove && _touchLog.Count < _touchLog.Capacity / 16)
        {
            _touchLog.TrimExcess();
        }

        if (_touched.Capacity > TrimAbove && _touched.Count < _touched.Capacity / 16)
        {
            _touched.TrimExcess();
        }

        if (_durable.Capacity > TrimAbove && _durable.Count < _durable.Capacity / 16)
        {
            _durable.TrimExcess();
        }
    }

    private void Read(long offset) => NextOffset = Math.Max(NextOffset, offset + 1);

    /// <summary>An entity's latest offset since the last commit, its number of entries in the touch log, and its id and stream.</summary>
    private record struct TouchedEntity(long Latest, int Entries, string EntityId, StreamId Stream);
}
