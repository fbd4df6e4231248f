namespace Reactor.Runtime.Tests.Domain;

/// <summary>An entity with one absence rule: an <see cref="Added"/> not followed by a <see cref="Noted"/> within two seconds alerts.</summary>
[ReactsTo(Topic)]
public sealed class WatchGrain : EntityGrain<Tally>, IWatchGrain
{
    public const string Topic = "watches";

    public static readonly TimeSpan NoteWithin = TimeSpan.FromSeconds(2);

    protected override void Define(EntityDefinition<Tally> entity)
    {
        entity.On<Added>((s, ev) => s.Sum += ev.Amount);
        entity.On<Noted>((s, _) => s.Count++);
        entity.Rule("no-note")
            .After<Added>().Absent<Noted>(NoteWithin)
            .Then((ctx, s) => ctx.Emit(TallyTypes.AlertTopic, new SumCrossed(ctx.EntityId, s.Sum), entityId: "alerts-" + ctx.EntityId));
    }
}
