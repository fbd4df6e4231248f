namespace Reactor.Host.Configuration;

/// <summary>Connects the host to the Redis that holds the cluster's membership and reminder tables (section <c>Reactor:Cluster:Redis</c>).</summary>
public sealed class RedisHostOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis connection string, such as <c>redis-0.redis:6379,password=...,ssl=true</c>.
    /// Pass it through the environment or a mounted secret, never appsettings.json; it is never logged. Default: none.
    /// </summary>
    public string? ConnectionString { get; set; }
}
