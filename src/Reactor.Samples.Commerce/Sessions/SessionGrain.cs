using Reactor.Runtime;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Samples.Commerce.Sessions;

/// <summary>
/// The shopping-session entity: keeps the cart; an open cart worth at least <see cref="HighValueThreshold"/>
/// is flagged for a proactive offer; a cart left with items and no checkout for <see cref="AbandonedAfter"/> is reported
/// abandoned (a durable deadline: it fires even if the session was deactivated meanwhile).
/// </summary>
[ReactsTo(CommerceTopics.Carts)]
public sealed class SessionGrain : EntityGrain<ShoppingSession>, ISessionGrain
{
    /// <summary>The cart total from which an open cart is flagged.</summary>
    public const decimal HighValueThreshold = 1_000m;

    /// <summary>How long after its last change a cart without checkout counts as abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(30);

    /// <inheritdoc />
    protected override void Define(EntityDefinition<ShoppingSession> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        entity.On<CartUpdated>((s, ev) =>
        {
            s.CustomerId = ev.CustomerId;
            if (ev.Quantity <= 0)
            {
                s.Cart.Remove(ev.Sku);
            }
            else
            {
                s.Cart[ev.Sku] = new CartLine(ev.Quantity, ev.UnitPrice);
            }
        });
        entity.On<CheckoutCompleted>((s, ev) => s.OrderId = ev.OrderId);

        entity.Rule("high-value-cart", version: 1)
            .When(s => s.OrderId is null && s.Total >= HighValueThreshold)
            .Then((ctx, s) => ctx.Emit(CommerceTopics.SessionActions, new HighValueCartFlagged(ctx.EntityId, s.CustomerId ?? "unknown", s.Total)));

        entity.Rule("cart-abandoned", version: 1)
            .After<CartUpdated>().Absent<CheckoutCompleted>(AbandonedAfter)
            .When(s => s.OrderId is null && s.Cart.Count > 0)
            .Then((ctx, s) => ctx.Emit(CommerceTopics.SessionActions, new CartAbandoned(ctx.EntityId, s.CustomerId ?? "unknown", s.Cart.Count, s.Total)));
    }
}
