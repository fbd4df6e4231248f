namespace Reactor.Runtime.Tests.Shadow;

public sealed class Ledger
{
    public int Last { get; set; }

    public int Payments { get; set; }
}
