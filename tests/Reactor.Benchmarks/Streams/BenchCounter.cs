using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Benchmarks.Streams;

public sealed record BenchAdded(int Amount)
{
    /// <summary>The payload every benchmark event carries, serialized once rather than per event.</summary>
    public static JsonElement One { get; } = JsonSerializer.SerializeToElement(new BenchAdded(1), ReactorJson.Options);
}

public sealed class BenchCounter
{
    public long Count { get; set; }

    public long Sum { get; set; }
}

[Alias("bench.IBenchCounterGrain")]
public interface IBenchCounterGrain : IEntityGrain
{
    /// <summary>Delivers an event by a direct grain call: the baseline the stream path is compared with.</summary>
    [Alias("Deliver")]
    Task Deliver(EventEnvelope envelope);
}

/// <summary>The entity both paths feed: a state update per event and one rule, as in the sample domain.</summary>
[ReactsTo(MemoryStreamThroughput.Topic)]
public sealed class BenchCounterGrain : EntityGrain<BenchCounter>, IBenchCounterGrain
{
    public Task Deliver(EventEnvelope envelope) => OnNextAsync(envelope);

    protected override void Define(EntityDefinition<BenchCounter> entity)
    {
        entity.On<BenchAdded>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
        });
        entity.Rule("large-sum").When(s => s.Sum > 1_000_000).Then((_, _) => { });
    }
}
