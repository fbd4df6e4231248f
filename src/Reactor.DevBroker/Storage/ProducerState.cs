namespace Reactor.DevBroker.Storage;

/// <summary>Tracks the sequence numbers of one idempotent producer on one partition.</summary>
internal sealed class ProducerState
{
    private const int CachedBatches = 5;
    private readonly (int FirstSequence, int LastSequence, long BaseOffset)[] _recent = new (int, int, long)[CachedBatches];
    private int _recentCount;
    private int _next;

    /// <summary>Creates the state for a producer epoch.</summary>
    public ProducerState(short epoch) => Epoch = epoch;

    /// <summary>Gets the producer epoch the state belongs to.</summary>
    public short Epoch { get; private set; }

    /// <summary>Gets the last sequence number appended.</summary>
    public int LastSequence { get; private set; } = -1;

    /// <summary>Finds a recently appended batch with exactly these sequences (a retried duplicate).</summary>
    public bool TryFindDuplicate(int firstSequence, int lastSequence, out long baseOffset)
    {
        for (var i = 0; i < _recentCount; i++)
        {
            var entry = _recent[i];
            if (entry.FirstSequence == firstSequence && entry.LastSequence == lastSequence)
            {
                baseOffset = entry.BaseOffset;
                return true;
            }
        }

        baseOffset = -1;
        return false;
    }

    /// <summary>Tells whether a batch starting at <paramref name="firstSequence"/> directly follows the last one.</summary>
    public bool IsNextInSequence(int firstSequence) =>
        LastSequence < 0 || firstSequence == (LastSequence == int.MaxValue ? 0 : LastSequence + 1);

    /// <summary>Records an appended batch.</summary>
    public void Record(short epoch, int firstSequence, int lastSequence, long baseOffset)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            _recentCount = 0;
            _next = 0;
        }

        LastSequence = lastSequence;
        _recent[_next] = (firstSequence, lastSequence, baseOffset);
        _next = (_next + 1) % CachedBatches;
        _recentCount = Math.Min(_recentCount + 1, CachedBatches);
    }

    /// <summary>Computes the last sequence of a batch, wrapping at <see cref="int.MaxValue"/> as Kafka does.</summary>
    public static int LastSequenceOf(int firstSequence, int lastOffsetDelta) =>
        firstSequence > int.MaxValue - lastOffsetDelta
            ? lastOffsetDelta - (int.MaxValue - firstSequence) - 1
            : firstSequence + lastOffsetDelta;
}
