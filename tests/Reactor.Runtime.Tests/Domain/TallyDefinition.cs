using System.Globalization;

namespace Reactor.Runtime.Tests.Domain;

/// <summary>The tally entity's definition, shared by the grain and the engine tests.</summary>
public static class TallyDefinition
{
    public const int Threshold = 100;

    public static void Define(EntityDefinition<Tally> entity)
    {
        entity.On<Added>((s, ev) =>
        {
            s.Count++;
            s.Sum += ev.Amount;
            s.Amounts.Add(ev.Amount);
        });
        entity.On<Boom>((s, ev) =>
        {
            // Changes the state before throwing, so the test proves the change is rolled back.
            s.Sum += 1_000;
            s.Amounts.Add(-1);
            throw new InvalidOperationException(ev.Why);
        });

        entity.Rule("big-sum", version: 2)
            .When(s => s.Sum >= Threshold)
            .Then((ctx, s) =>
            {
                ctx.Record("sum", s.Sum.ToString(CultureInfo.InvariantCulture));
                return ctx.Emit(TallyTypes.AlertTopic, new SumCrossed(ctx.EntityId, s.Sum), entityId: "alerts-" + ctx.EntityId);
            });
    }
}
