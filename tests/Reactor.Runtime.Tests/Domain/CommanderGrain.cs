using Reactor.Runtime.Actions;

namespace Reactor.Runtime.Tests.Domain;

/// <summary>Sends a <see cref="Ping"/> to its sink grain for every event whose amount is at least 10 (topic <c>commands</c>).</summary>
[ReactsTo(Topic)]
public sealed class CommanderGrain : EntityGrain<Tally>, ICommanderGrain
{
    public const string Topic = "commands";

    protected override void Define(EntityDefinition<Tally> entity)
    {
        entity.On<Added>((s, ev) => s.Amounts.Add(ev.Amount));
        entity.Rule("ping", version: 1)
            .When(s => s.Amounts.Count > 0 && s.Amounts[^1] >= 10)
            .OnEveryMatch()
            .Then((ctx, s) => ctx.SendCommand<ICommandSinkGrain, Ping>("sink-" + ctx.EntityId, new Ping(s.Amounts[^1])));
    }
}
