namespace Reactor.Benchmarks.LocalDisk;

/// <summary>Models a grain state of a realistic small size (about 400 bytes of JSON) for the LocalDisk write benchmark.</summary>
internal sealed class BenchState
{
    public long Count { get; set; }

    public string Label { get; set; } = "customer-tier-gold";

    public List<string> RecentEvents { get; set; } = [.. Enumerable.Range(0, 10).Select(i => $"evt-{i:D4}-payment.failed")];

    public Dictionary<string, double> Totals { get; set; } = new() { ["eur"] = 1234.5, ["usd"] = 99.95, ["gbp"] = 0 };
}
