namespace Reactor.Host.Configuration;

/// <summary>Configures the Reactor host process (section <c>Reactor</c>; environment variables <c>Reactor__...</c>).</summary>
public sealed class ReactorHostOptions
{
    /// <summary>Gets or sets the directory for entity state, decision log and dead letters. Default: <c>data</c> (relative to the working directory).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets the port silos talk to each other on. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Gets or sets the port Orleans clients connect to. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Gets or sets how long a stopping host waits for entities to flush. Default: 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
