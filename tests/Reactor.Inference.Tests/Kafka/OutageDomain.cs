using Reactor.Abstractions;
using Reactor.Inference.Agents;
using Reactor.Runtime;

namespace Reactor.Inference.Tests.Kafka;

public sealed record Tick(int Amount);

public sealed record ItemAdded(string Sku);

public sealed class Ticks
{
    public int Count { get; set; }
}

public sealed class Basket
{
    public List<string> Skus { get; set; } = [];
}

[Alias("inference-tests.ITickGrain")]
public interface ITickGrain : IEntityGrain;

[Alias("inference-tests.IBasketGrain")]
public interface IBasketGrain : IEntityGrain;

/// <summary>An entity whose rules need no model.</summary>
[ReactsTo(OutageTopics.Ticks)]
public sealed class TickGrain : EntityGrain<Ticks>, ITickGrain
{
    protected override void Define(EntityDefinition<Ticks> entity) => entity.On<Tick>((s, _) => s.Count++);
}

/// <summary>An entity whose rule starts an agent once its basket holds three items.</summary>
[ReactsTo(OutageTopics.Baskets)]
public sealed class BasketGrain : EntityGrain<Basket>, IBasketGrain
{
    protected override void Define(EntityDefinition<Basket> entity)
    {
        entity.On<ItemAdded>((s, ev) => s.Skus.Add(ev.Sku));
        entity.Rule("basket-agent", version: 1)
            .When(s => s.Skus.Count >= 3)
            .Then((ctx, s) => ctx.Agent(OutageTopics.Agent, new CartLeft(ctx.EntityId, s.Skus.Count, 10m * s.Skus.Count, string.Join(',', s.Skus))));
    }
}

public static class OutageTopics
{
    public const string Ticks = "o-ticks";
    public const string Baskets = "o-baskets";
    public const string TickType = "test.outage.tick";
    public const string ItemType = "test.outage.item-added";
    public const string Agent = "basket-summary";
}
