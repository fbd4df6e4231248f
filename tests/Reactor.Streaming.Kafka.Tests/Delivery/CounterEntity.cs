using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

public sealed record Increment(int Amount);

public sealed record Explode(string Why);

public sealed class Counter
{
    public long Count { get; set; }

    public long Sum { get; set; }

    public List<int> Amounts { get; set; } = [];
}

[Alias("kafka-tests.ICounterGrain")]
public interface ICounterGrain : IEntityGrain;

[ReactsTo(CounterEntity.Topic)]
public sealed class CounterGrain : EntityGrain<Counter>, ICounterGrain
{
    protected override void Define(EntityDefinition<Counter> entity)
    {
        entity.On<Increment>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
            s.Amounts.Add(ev.Amount);
        });
        entity.On<Explode>((_, ev) => throw new InvalidOperationException(ev.Why));
    }
}

public static class CounterEntity
{
    public const string Topic = "k-counters";
    public const string IncrementType = "test.kafka.increment";
    public const string ExplodeType = "test.kafka.explode";
    public const string DeadLetterTopic = "k-dead-letters";
}
