using System.Collections.Concurrent;

namespace Reactor.Runtime.Grains;

/// <summary>
/// The writes of entities one partition reader waits for: the reader names the entities it expects (those that
/// received its events), and each of their successful writes records the offset of that partition and the replay
/// epoch its state covers. Entities on other silos never write here; the reader asks them.
/// </summary>
internal sealed class PartitionWriteNotices : IDisposable
{
    private readonly EntityWriteNotices _owner;
    private readonly ConcurrentDictionary<EntityKey, WrittenPosition> _expected = new();

    internal PartitionWriteNotices(EntityWriteNotices owner, string partitionKey, string topic)
    {
        _owner = owner;
        PartitionKey = partitionKey;
        Topic = topic;
    }

    /// <summary>Gets the partition's <c>topic/partition</c> key.</summary>
    public string PartitionKey { get; }

    /// <summary>Gets the partition's topic.</summary>
    public string Topic { get; }

    /// <summary>Gets the number of entities expected, for tests and diagnostics.</summary>
    public int Count => _expected.Count;

    /// <summary>Starts recording the writes of an entity grain (no effect when already expected).</summary>
    /// <param name="type">The entity's grain type.</param>
    /// <param name="entityId">The entity id (the grain's key).</param>
    public void Expect(GrainType type, string entityId) => _expected.TryAdd(new(type, entityId), new WrittenPosition());

    /// <summary>Gets whether an entity grain has written here since it was expected.</summary>
    /// <param name="type">The entity's grain type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <returns><see langword="true"/> when a write of the entity was noticed: it lives on this silo and writes on its own schedule.</returns>
    public bool HasWritten(GrainType type, string entityId) => _expected.TryGetValue(new(type, entityId), out var written) && written.Any;

    /// <summary>Gets whether a noticed write of an entity grain made this partition durable up to <paramref name="offset"/> in <paramref name="epoch"/>.</summary>
    /// <param name="type">The entity's grain type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="offset">The highest offset it was given that must be durable.</param>
    /// <param name="epoch">The replay epoch the reader stamped on its events: positions of another epoch say nothing about them.</param>
    /// <returns>Whether the last noticed write covers it.</returns>
    public bool Covers(GrainType type, string entityId, long offset, long epoch) => _expected.TryGetValue(new(type, entityId), out var written) && written.Covers(offset, epoch);

    /// <summary>Stops expecting an entity grain.</summary>
    /// <param name="type">The entity's grain type.</param>
    /// <param name="entityId">The entity id.</param>
    public void Forget(GrainType type, string entityId) => _expected.TryRemove(new(type, entityId), out _);

    /// <summary>Stops expecting every entity (the reader reads the partition again from another offset).</summary>
    public void Clear() => _expected.Clear();

    /// <inheritdoc />
    public void Dispose() => _owner.Unwatch(this);

    internal void Written(GrainType type, string entityId, long offset, long epoch)
    {
        if (_expected.TryGetValue(new(type, entityId), out var written))
        {
            written.Record(offset, epoch);
        }
    }

    // Keyed by type and id rather than by grain id: a reader has the entity id of each event, and making a grain id from it
    // (encoding the key) for every entity of every checkpoint cost more than the lookups.
    private readonly record struct EntityKey(GrainType Type, string EntityId);

    /// <summary>The last write noticed: one activation writes one snapshot at a time, so the latest replaces the one before.</summary>
    private sealed class WrittenPosition
    {
        private readonly Lock _lock = new();
        private long _offset = -1;
        private long _epoch;

        public bool Any
        {
            get
            {
                lock (_lock)
                {
                    return _offset >= 0;
                }
            }
        }

        public void Record(long offset, long epoch)
        {
            lock (_lock)
            {
                _offset = offset;
                _epoch = epoch;
            }
        }

        public bool Covers(long offset, long epoch)
        {
            lock (_lock)
            {
                return _offset >= offset && _epoch == epoch;
            }
        }
    }
}
