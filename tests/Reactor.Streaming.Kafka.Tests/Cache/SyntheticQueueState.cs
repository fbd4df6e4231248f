using System.Globalization;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>
/// What a silo test's synthetic queues generate and what came out of them: events received by the grains per entity,
/// and containers handed back to the receivers after purges, per queue. One instance per test; thread-safe.
/// </summary>
public sealed class SyntheticQueueState(int entities, int eventsPerEntity, Func<TestEvent, bool>? failWhen = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<int>> _received = [];
    private readonly Dictionary<QueueId, List<long>> _purged = [];
    private readonly List<TestBatchContainer> _failed = [];
    private readonly Func<TestEvent, bool> _failWhen = failWhen ?? (_ => false);
    private int _receivedCount;
    private int _purgedCount;

    public int EventsPerEntity { get; } = eventsPerEntity;

    public int TotalEvents => EntityIds.Count * EventsPerEntity;

    public IReadOnlyList<string> EntityIds { get; } =
        Enumerable.Range(0, entities).Select(i => "entity-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public int ReceivedCount => Volatile.Read(ref _receivedCount);

    public int PurgedCount => Volatile.Read(ref _purgedCount);

    /// <summary>Records an event a grain received; throws instead for the events the test makes fail.</summary>
    public void Receive(TestEvent item)
    {
        if (_failWhen(item))
        {
            throw new InvalidOperationException($"Synthetic delivery failure of {item}.");
        }

        lock (_lock)
        {
            if (!_received.TryGetValue(item.Entity, out var sequences))
            {
                _received[item.Entity] = sequences = [];
            }

            sequences.Add(item.Sequence);
        }

        Interlocked.Increment(ref _receivedCount);
    }

    /// <summary>Records what the pulling agent handed to a receiver's <c>MessagesDeliveredAsync</c>.</summary>
    public void Delivered(QueueId queueId, IList<IBatchContainer> messages)
    {
        lock (_lock)
        {
            if (!_purged.TryGetValue(queueId, out var offsets))
            {
                _purged[queueId] = offsets = [];
            }

            offsets.AddRange(messages.Select(m => m.SequenceToken.SequenceNumber));
            if (messages is IDeliveryOutcomes outcomes)
            {
                _failed.AddRange(outcomes.FailedDeliveries.Cast<TestBatchContainer>());
            }
        }

        Interlocked.Add(ref _purgedCount, messages.Count);
    }

    public Dictionary<string, List<int>> ReceivedByEntity()
    {
        lock (_lock)
        {
            return _received.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        }
    }

    public Dictionary<QueueId, List<long>> PurgedByQueue()
    {
        lock (_lock)
        {
            return _purged.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        }
    }

    public List<TestBatchContainer> FailedDeliveries()
    {
        lock (_lock)
        {
            return [.. _failed];
        }
    }
}
