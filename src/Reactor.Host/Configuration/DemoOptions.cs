namespace Reactor.Host.Configuration;

/// <summary>Configures the built-in demo: the commerce event generator and the console summary (section <c>Reactor:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Demo";

    /// <summary>Gets or sets a value indicating whether the generator runs. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the target event rate. Default: 2,000 events per second.</summary>
    public int EventsPerSecond { get; set; } = 2_000;

    /// <summary>Gets or sets the number of distinct customers. Default: 5,000.</summary>
    public int Customers { get; set; } = 5_000;

    /// <summary>Gets or sets the generator's random seed. Default: 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets the fraction of deliberately malformed events, to show dead letters. Default: 0.001.</summary>
    public double InvalidEventRatio { get; set; } = 0.001;

    /// <summary>Gets or sets how often the console summary is printed. Default: 5 seconds.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the number of events after which the generator stops; 0 runs until stopped. Default: 0.</summary>
    public long MaxEvents { get; set; }
}
