namespace Reactor.Samples.Service;

/// <summary>Says how the sample service finds the Reactor cluster (section <c>ReactorClient</c>).</summary>
public sealed class ReactorClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ReactorClient";

    /// <summary>Gets or sets the gateway port of a silo on this machine (localhost clustering, as the embedded host runs). Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Gets or sets the cluster id. Default: <c>dev</c>, Orleans' default for localhost clustering.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Gets or sets the service id. Default: <c>dev</c>.</summary>
    public string ServiceId { get; set; } = "dev";
}
