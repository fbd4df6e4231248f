namespace Reactor.TestInfrastructure.Persistence;

/// <summary>A small grain state with a value type, a string and a collection.</summary>
public sealed class CounterState
{
    public int Count { get; set; }

    public string? Label { get; set; }

    public List<string> Items { get; set; } = [];
}
