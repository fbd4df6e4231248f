namespace Reactor.Testing.Tests.Rules;

/// <summary>A sensor's state in the rule-kind tests.</summary>
public sealed class Meter
{
    public int Readings { get; set; }

    public bool Closed { get; set; }
}
