namespace Reactor.Runtime.Tests.Domain;

public sealed class AlertLog
{
    public List<SumCrossed> Alerts { get; set; } = [];
}
