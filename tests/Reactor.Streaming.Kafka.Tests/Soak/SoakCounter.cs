using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Streaming.Kafka.Tests.Delivery;

namespace Reactor.Streaming.Kafka.Tests.Soak;

/// <summary>A state of constant size, so that whatever grows during a soak is the platform's, not the entities'.</summary>
public sealed class SoakTally
{
    public long Count { get; set; }

    public long Sum { get; set; }
}

[Alias("kafka-tests.ISoakCounterGrain")]
public interface ISoakCounterGrain : IEntityGrain;

[ReactsTo(SoakTopic.Name)]
public sealed class SoakCounterGrain : EntityGrain<SoakTally>, ISoakCounterGrain
{
    protected override void Define(EntityDefinition<SoakTally> entity)
    {
        entity.On<Increment>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
        });
        entity.Rule("large-sum").When(s => s.Sum > 100_000).Then((_, _) => { });
    }
}

public static class SoakTopic
{
    public const string Name = "k-soak";
}
