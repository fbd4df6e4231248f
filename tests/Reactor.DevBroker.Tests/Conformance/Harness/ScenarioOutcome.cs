namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>What the shared Confluent.Kafka scenario observed on one broker, in a form two brokers can be compared by.</summary>
internal sealed record ScenarioOutcome(
    string Broker,
    int Partitions,
    IReadOnlyDictionary<int, int> ProducedPerPartition,
    IReadOnlyDictionary<int, long> LowWatermarks,
    IReadOnlyDictionary<int, long> HighWatermarks,
    int Consumed,
    IReadOnlyDictionary<int, long> Committed,
    int ConsumedAfterResume,
    int ProducedAfterResume,
    string TimestampLookup,
    string AckTimestamps)
{
    public override string ToString() =>
        $"{Broker}: partitions={Partitions}, produced/partition=[{Join(ProducedPerPartition)}], low=[{Join(LowWatermarks)}], high=[{Join(HighWatermarks)}], " +
        $"consumed={Consumed}, committed=[{Join(Committed)}], resumed={ConsumedAfterResume}/{ProducedAfterResume}, offsets-for-times={TimestampLookup}, ack timestamps={AckTimestamps}";

    private static string Join<T>(IReadOnlyDictionary<int, T> values) =>
        string.Join(", ", values.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{kv.Value}"));
}
