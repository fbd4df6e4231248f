using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Persistence.AzureBlob.Tests.Cluster;

public sealed record BlobIncrement(int Amount);

public sealed class BlobCounter
{
    public long Count { get; set; }

    public List<int> Amounts { get; set; } = [];
}

[Alias("azureblob-tests.IBlobCounterGrain")]
public interface IBlobCounterGrain : IEntityGrain;

[ReactsTo(BlobCounterEntity.Topic)]
public sealed class BlobCounterGrain : EntityGrain<BlobCounter>, IBlobCounterGrain
{
    protected override void Define(EntityDefinition<BlobCounter> entity)
    {
        entity.On<BlobIncrement>((s, ev) =>
        {
            s.Count++;
            s.Amounts.Add(ev.Amount);
        });
        entity.Rule("every-tenth", version: 1)
            .When(s => s.Count % 10 == 0)
            .Then((_, _) => { });
    }
}

public static class BlobCounterEntity
{
    public const string Topic = "blob-counters";
    public const string IncrementType = "test.azureblob.increment";
    public const int Partitions = 8;
}
