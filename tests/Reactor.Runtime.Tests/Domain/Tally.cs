namespace Reactor.Runtime.Tests.Domain;

public sealed class Tally
{
    public int Count { get; set; }

    public int Sum { get; set; }

    public List<int> Amounts { get; set; } = [];
}
