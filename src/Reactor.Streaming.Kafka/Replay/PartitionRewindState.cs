namespace Reactor.Streaming.Kafka.Replay;

/// <summary>
/// What the rewinds of one partition mean for each event its reader reads: the replay epoch to stamp (only rewinds the
/// partition has started count, so an entity never meets the new epoch before the partition has sought back), whether
/// the event is replayed history, and whether it can be passed over because only other entities are being rebuilt.
/// </summary>
internal sealed class PartitionRewindState
{
    private readonly long _topicEpoch;
    private readonly IReadOnlyList<string> _topicEpochTopics = [];
    private readonly Dictionary<string, KafkaPartitionRewind> _entityEpochs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _replayEntities = new(StringComparer.Ordinal);
    private readonly bool _replayAll;
    private readonly long _replayEnd;
    private readonly long _historyEnd = long.MaxValue;

    public PartitionRewindState(IEnumerable<KafkaPartitionRewind> rewinds)
    {
        foreach (var rewind in rewinds.Where(r => r.Started).OrderBy(r => r.Id))
        {
            if (rewind.EntityId is null)
            {
                _topicEpoch = rewind.Id;
                _topicEpochTopics = rewind.Topics;
            }
            else
            {
                _entityEpochs[rewind.EntityId] = rewind;
            }

            if (rewind.Position < rewind.End)
            {
                _replayEnd = Math.Max(_replayEnd, rewind.End);
                _historyEnd = Math.Min(_historyEnd, rewind.Committed);
                _replayAll |= rewind.EntityId is null;
                if (rewind.EntityId is not null)
                {
                    _replayEntities.Add(rewind.EntityId);
                }
            }
        }

        if (_replayEnd == 0)
        {
            _historyEnd = 0;
        }
    }

    /// <summary>Gets the state before any rewind: every event is new, with epoch 0.</summary>
    public static PartitionRewindState None { get; } = new([]);

    /// <summary>Gets a value indicating whether a rewind of this partition is still replaying (its progress is worth reporting).</summary>
    public bool IsReplaying => _replayEnd > 0;

    /// <summary>
    /// Tells whether an event that cannot be delivered (a dead letter) was already handled before a rewind: it lies below
    /// the offset the partition had committed when it rewound, so it is not dead-lettered a second time.
    /// </summary>
    /// <param name="offset">The event's offset.</param>
    /// <returns><see langword="true"/> when the event was already handled.</returns>
    public bool IsHandledHistory(long offset) => offset < _historyEnd;

    /// <summary>Gets the replay epoch stamped on an entity's events: the latest started rewind of its topic or of the entity alone.</summary>
    /// <param name="entityId">The entity.</param>
    /// <returns>The epoch; 0 before any rewind.</returns>
    public long EpochOf(string entityId) =>
        _entityEpochs.TryGetValue(entityId, out var entity) && entity.Id > _topicEpoch ? entity.Id : _topicEpoch;

    /// <summary>Says how to deliver one event.</summary>
    /// <param name="entityId">The event's entity.</param>
    /// <param name="offset">The event's offset.</param>
    /// <returns>The stamp.</returns>
    public RewindStamp Stamp(string entityId, long offset)
    {
        var epoch = _topicEpoch;
        var topics = _topicEpochTopics;
        if (_entityEpochs.TryGetValue(entityId, out var entity) && entity.Id > epoch)
        {
            epoch = entity.Id;
            topics = entity.Topics;
        }

        if (offset >= _replayEnd)
        {
            return new RewindStamp(epoch, topics, IsReplay: false, Skip: false);
        }

        var rebuilt = _replayAll || _replayEntities.Contains(entityId);
        return new RewindStamp(epoch, topics, IsReplay: rebuilt, Skip: !rebuilt && offset < _historyEnd);
    }
}

/// <summary>How a partition reader delivers one event during or after rewinds.</summary>
/// <param name="Epoch">The replay epoch to stamp.</param>
/// <param name="Topics">The topics of the rewind that gave the epoch.</param>
/// <param name="IsReplay">Whether the event is replayed history (reactions' side effects suppressed).</param>
/// <param name="Skip">Whether the event need not be delivered: only other entities are rebuilt, and every entity had it durably.</param>
internal readonly record struct RewindStamp(long Epoch, IReadOnlyList<string> Topics, bool IsReplay, bool Skip);
