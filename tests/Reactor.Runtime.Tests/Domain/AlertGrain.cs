namespace Reactor.Runtime.Tests.Domain;

/// <summary>Receives the events tally reactions emit, proving emitted events flow back through the source.</summary>
[ReactsTo(TallyTypes.AlertTopic)]
public sealed class AlertGrain : EntityGrain<AlertLog>, IAlertGrain
{
    protected override void Define(EntityDefinition<AlertLog> entity) =>
        entity.On<SumCrossed>((s, ev) => s.Alerts.Add(ev));
}
