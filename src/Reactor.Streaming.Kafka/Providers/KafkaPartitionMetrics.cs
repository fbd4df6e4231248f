using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>
/// Publishes per-partition meters on Reactor's meter: events read and delivered, and consumer lag (high watermark
/// minus committed offset) for every partition this silo reads.
/// </summary>
internal sealed class KafkaPartitionMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _read;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _deliveryFailed;
    private readonly Counter<long> _heldBack;
    private readonly Counter<long> _confirmations;
    private readonly ConcurrentDictionary<TopicPartition, Func<long?>> _lag = new();

    public KafkaPartitionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Reactor.Runtime.Metrics.ReactorMetrics.MeterName) ?? new Meter(Reactor.Runtime.Metrics.ReactorMetrics.MeterName);
        _read = _meter.CreateCounter<long>("reactor.kafka.events.read", "{event}", "Events read from Kafka, per partition.");
        _delivered = _meter.CreateCounter<long>("reactor.kafka.events.delivered", "{event}", "Events delivered to entities, per partition.");
        _commits = _meter.CreateCounter<long>("reactor.kafka.commits", "{commit}", "Offsets committed to the consumer group, per partition.");
        _deliveryFailed = _meter.CreateCounter<long>("reactor.kafka.events.delivery_failed", "{event}", "Events whose delivery to an entity failed for good (the agent gave up); the partition rewinds to redeliver them, per partition.");
        _heldBack = _meter.CreateCounter<long>("reactor.kafka.deliveries.held_back", "{delivery}", "Deliveries held back because the partition had MaxDeliveriesInFlight grain calls in flight, per partition.");
        _confirmations = _meter.CreateCounter<long>("reactor.kafka.checkpoint.confirmations", "{entity}", "Entities a checkpoint found durable, per partition, by how: 'write' (a write of the entity on this silo said so) or 'call' (the entity was asked).");
        _meter.CreateObservableGauge("reactor.kafka.consumer.lag", ObserveLag, "{event}", "High watermark minus committed offset, per partition.");
    }

    public void Track(TopicPartition partition, Func<long?> lag) => _lag[partition] = lag;

    public void Untrack(TopicPartition partition) => _lag.TryRemove(partition, out _);

    public void Read(TopicPartition partition, int count) => _read.Add(count, Tags(partition));

    public void Delivered(TopicPartition partition, int count) => _delivered.Add(count, Tags(partition));

    public void Committed(TopicPartition partition) => _commits.Add(1, Tags(partition));

    public void DeliveryFailed(TopicPartition partition, int count) => _deliveryFailed.Add(count, Tags(partition));

    public void HeldBack(TopicPartition partition, long count) => _heldBack.Add(count, Tags(partition));

    public void Confirmed(TopicPartition partition, int byWrites, int byCalls)
    {
        if (byWrites > 0)
        {
            var tags = Tags(partition);
            tags.Add("by", "write");
            _confirmations.Add(byWrites, tags);
        }

        if (byCalls > 0)
        {
            var tags = Tags(partition);
            tags.Add("by", "call");
            _confirmations.Add(byCalls, tags);
        }
    }

    public void Dispose() => _meter.Dispose();

    private static System.Diagnostics.TagList Tags(TopicPartition partition) => new() { { "topic", partition.Topic }, { "partition", partition.Partition.Value } };

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var (partition, lag) in _lag)
        {
            if (lag() is { } value)
            {
                yield return new Measurement<long>(value, Tags(partition));
            }
        }
    }
}
