namespace Reactor.Runtime.Tests.Domain;

[ReactsTo(TallyTypes.Topic)]
public sealed class TallyGrain : EntityGrain<Tally>, ITallyGrain
{
    protected override void Define(EntityDefinition<Tally> entity) => TallyDefinition.Define(entity);
}
