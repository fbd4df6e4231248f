namespace Reactor.Host.Configuration;

/// <summary>Configures the embedded dev broker of the default profile (section <c>Reactor:DevBroker</c>).</summary>
public sealed class DevBrokerHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:DevBroker";

    /// <summary>Gets or sets a value indicating whether the host runs Reactor's dev broker in-process. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the loopback port the dev broker listens on, so kcat or your producers can reach it. Default: 9092.</summary>
    public int Port { get; set; } = 9092;
}
