using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Samples.Commerce.Tests.Readme;

#pragma warning disable SA1402, CA1050 // The README shows these types together in one snippet.
// begin-snippet: readme-reaction
public sealed record CardDeclined(string CardId, decimal Amount);
public sealed record CardCharged(string CardId, decimal Amount);
public sealed record FreezeCard(string CardId, int Declines);

public sealed class Card
{
    public int Declines { get; set; }
}

[Alias("readme.ICardGrain")]
public interface ICardGrain : IEntityGrain;

[ReactsTo("card-events")]
public sealed class CardGrain : EntityGrain<Card>, ICardGrain
{
    protected override void Define(EntityDefinition<Card> card)
    {
        card.On<CardDeclined>((s, _) => s.Declines++);
        card.On<CardCharged>((s, _) => s.Declines = 0);

        card.Rule("freeze-after-declines", version: 1)
            .When(s => s.Declines >= 3)
            .Then((ctx, s) => ctx.Emit("card-actions", new FreezeCard(ctx.EntityId, s.Declines)));
    }
}
// end-snippet
#pragma warning restore SA1402, CA1050
