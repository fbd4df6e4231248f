using Microsoft.Extensions.Logging;
using Reactor.DevBroker.Groups;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker;

/// <summary>Holds the state every request handler shares.</summary>
internal sealed class BrokerContext
{
    private long _nextProducerId;

    /// <summary>Creates the context.</summary>
    public BrokerContext(DevBrokerOptions options, ILogger logger, LogManager logs, OffsetStore offsets, GroupCoordinator groups, string clusterId)
    {
        Options = options;
        Logger = logger;
        Logs = logs;
        Offsets = offsets;
        Groups = groups;
        ClusterId = clusterId;

        // Producer ids must not collide with ids still recorded in the log from before a restart.
        _nextProducerId = Math.Max(logs.MaxProducerId + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>Gets the node id of this broker, which is also the controller and every partition's leader.</summary>
    public static int NodeId => 0;

    /// <summary>Gets the options, copied at start.</summary>
    public DevBrokerOptions Options { get; }

    /// <summary>Gets the broker logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Gets the topic storage.</summary>
    public LogManager Logs { get; }

    /// <summary>Gets the committed-offset storage.</summary>
    public OffsetStore Offsets { get; }

    /// <summary>Gets the consumer-group coordinator.</summary>
    public GroupCoordinator Groups { get; }

    /// <summary>Gets the cluster id reported in Metadata.</summary>
    public string ClusterId { get; }

    /// <summary>Gets or sets the port clients are told to dial.</summary>
    public int AdvertisedPort { get; set; }

    /// <summary>Allocates a producer id for InitProducerId.</summary>
    public long NextProducerId() => Interlocked.Increment(ref _nextProducerId);
}
