namespace Reactor.Host.Configuration;

/// <summary>Describes the host's command line: short switches, and the settings <c>--help</c> lists.</summary>
internal static class HostCommandLine
{
    /// <summary>Gets the short switches and the settings they set.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Reactor:DataDirectory",
        ["--silo-port"] = "Reactor:SiloPort",
        ["--gateway-port"] = "Reactor:GatewayPort",
        ["--broker-port"] = "Reactor:DevBroker:Port",
        ["--demo"] = "Reactor:Demo:Enabled",
        ["--rate"] = "Reactor:Demo:EventsPerSecond",
        ["--customers"] = "Reactor:Demo:Customers",
        ["--stats-interval"] = "Reactor:Demo:StatsInterval",
        ["--max-events"] = "Reactor:Demo:MaxEvents",
        ["--rewind"] = "Reactor:Rewind:Target",
        ["--rewind-entity"] = "Reactor:Rewind:EntityId",
    };

    /// <summary>Gets a value indicating whether the arguments ask for help.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns><see langword="true"/> for <c>--help</c>, <c>-h</c> or <c>-?</c>.</returns>
    public static bool IsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>Gets the text <c>--help</c> prints.</summary>
    public const string HelpText = """
        Reactor host: an Orleans silo that keeps per-entity state fresh from events and runs reaction rules.
        With no configuration it runs the embedded demo: Reactor's dev broker (Kafka protocol) on 127.0.0.1:9092,
        the Kafka stream provider, localhost clustering, local disk storage under ./data, and a generator producing
        commerce events to Kafka, printing a summary every few seconds. It answers HTTP on http://localhost:8080
        (health routes /health/live, /health/ready, /health/startup). Ctrl+C stops it cleanly.

        Usage: dotnet run --project src/Reactor.Host -- [options]

        Every setting can be given in appsettings.json, as an environment variable (Reactor__Demo__EventsPerSecond=500)
        or on the command line (--Reactor:Demo:EventsPerSecond 500, or the short switch shown).

          Setting                            Switch            Default   Meaning
          urls                               --urls            http://localhost:8080  HTTP addresses (also ASPNETCORE_URLS,
                                                                         or ASPNETCORE_HTTP_PORTS as container images set it)
          Reactor:Api:Keys:N:Key                               -         API key (16+ chars, environment only); the demo
                                                                         makes one per run when none is configured
          Reactor:Api:Keys:N:Permission                        Read      Read or Write
          Reactor:Api:Jwt:Authority | :SigningKey              -         accept JWT bearer tokens (scopes reactor.read/.write)
          Reactor:Api:Jwt:Audience                             -         required audience of bearer tokens
          Reactor:Api:MaxEventBytes                            1048576   largest event or command body
          OTEL_EXPORTER_OTLP_ENDPOINT                          -         export metrics, traces and logs by OTLP
          Reactor:DataDirectory              --data-dir        data      entity state, decision log and dead letters
          Reactor:SiloPort                   --silo-port       11111     silo-to-silo port (loopback)
          Reactor:GatewayPort                --gateway-port    30000     Orleans client port (loopback)
          Reactor:ShutdownTimeout                              00:00:30  time allowed to flush entities on stop
          Reactor:FlushInterval                                00:00:05  how often entities persist changes
          Reactor:FlushAfterEvents                             1000      events after which an entity persists at once
          Reactor:MaxHandlerAttempts                           3         tries of a throwing handler before dead-lettering
          Reactor:RecentDecisionLimit                          50        decisions kept in each entity document
          Reactor:DevBroker:Enabled                            true      run the dev broker in-process (not for production)
          Reactor:DevBroker:Port             --broker-port     9092      dev broker port (loopback) for kcat and your producers
          Reactor:Kafka:BootstrapServers                       -         your Kafka cluster, when the dev broker is off
          Reactor:Kafka:GroupId                                reactor   consumer group offsets are committed to
          Reactor:Kafka:Partitions                             4         partitions of the demo topics when created
          Reactor:Kafka:Client:<name>                          -         librdkafka setting for every Kafka client, such as
                                                                         security.protocol, sasl.mechanism, sasl.username
          Reactor:Kafka:Cache:MaxCachedBytes                   134217728 the silo's Kafka cache budget in bytes, shared by
                                                                         the partitions it reads (1 MiB to 1 TiB)
          Reactor:Kafka:Cache:MaxCachedEvents                  131072    most events cached per partition
          Reactor:Kafka:Cache:MaxDeliveriesInFlight            2048      most grain calls in flight per partition (0: no
                                                                         limit)
          Reactor:Storage:Provider                             LocalDisk LocalDisk (under the data directory) or AzureBlob
          Reactor:Storage:AzureBlob:ConnectionString           -         storage connection string (environment only)
          Reactor:Storage:AzureBlob:ServiceUri                 -         blob endpoint, with DefaultAzureCredential
          Reactor:Storage:AzureBlob:StateContainer             grainstate container of entity state
          Reactor:Storage:AzureBlob:DecisionContainer          decisions container of the decision log
          Reactor:Storage:AzureBlob:Compression                None      None, Gzip or Brotli for state blobs
          Reactor:Cluster:Membership                           Localhost Localhost (one silo) or Redis (a cluster: needs
                                                                         AzureBlob storage and an external Kafka)
          Reactor:Cluster:Redis:ConnectionString               -         Redis of membership and reminders (environment only)
          Reactor:Cluster:ServiceId                            reactor   Orleans service id (Redis membership)
          Reactor:Cluster:ClusterId                            reactor   Orleans cluster id (Redis membership)
          Reactor:Cluster:AdvertisedAddress                    -         IP other silos reach this one on (default: host's)
          Reactor:Cluster:PartitionLeaseLength                 00:01:00  Kafka partition lease (15 s to 60 s): failover time
          Reactor:Cluster:Kubernetes:Enabled                   false     Orleans Kubernetes hosting (pod env, dead pods)
          Reactor:Cluster:Kubernetes:DeleteDefunctSiloPods     true      delete pods of silos declared dead
          Reactor:Models:fraud:Path|Version|Sha256             shipped   the fraud model's ONNX file (or blob URI), checked by hash
          Reactor:Inference:Models:chat:Endpoint               -         OpenAI-compatible /v1 address of the demo agent's model;
                                                                         none: the agent takes its declared fallback
          Reactor:Inference:Models:chat:Model|ApiKey|Version   -         model id (required with an endpoint), key (environment only)
          Reactor:Inference:Models:chat:RequestsPerMinute      0         per-model call budget (0 = none)
          Reactor:Inference:Models:chat:TokensPerMinute        0         per-model token budget (0 = none); see MaxTokenWait
          Reactor:Demo:Enabled               --demo            true      run the commerce event generator
          Reactor:Demo:EventsPerSecond       --rate            2000      generator target rate
          Reactor:Demo:Customers             --customers       5000      distinct customers
          Reactor:Demo:Seed                                    1         generator random seed
          Reactor:Demo:InvalidEventRatio                       0.001     share of malformed events (dead-lettered)
          Reactor:Demo:StatsInterval         --stats-interval  00:00:05  console summary period
          Reactor:Demo:MaxEvents             --max-events      0         stop generating after this many (0 = never)
          Reactor:Rewind:Target              --rewind          -         once started, rewind and rebuild entities from:
                                                                         earliest, an offset, or an ISO 8601 time
          Reactor:Rewind:Topics                                all       comma-separated topics to rewind
          Reactor:Rewind:EntityId            --rewind-entity   all       the one entity to rebuild
          Reactor:Rewind:ProgressInterval                      00:00:02  rewind progress print period

          --help, -h                                                     print this text
        """;
}
