using Microsoft.Extensions.DependencyInjection;
using Reactor.Runtime.Actions;

namespace Reactor.Runtime.Tests.Domain;

/// <summary>Calls a webhook on every event whose amount is at least 10 (topic <c>hooks</c>).</summary>
[ReactsTo(Topic)]
public sealed class HookGrain : EntityGrain<Tally>, IHookGrain
{
    public const string Topic = "hooks";

    protected override void Define(EntityDefinition<Tally> entity)
    {
        entity.On<Added>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
            s.Amounts.Add(ev.Amount);
        });
        entity.Rule("notify", version: 1)
            .When(s => s.Amounts.Count > 0 && s.Amounts[^1] >= 10)
            .OnEveryMatch()
            .Then((ctx, s) => ctx.CallWebhook(ctx.Services.GetRequiredService<HookTarget>().Endpoint, new { entity = ctx.EntityId, amount = s.Amounts[^1] }));
    }
}
