using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Reactor.DevBroker;

/// <summary>Parses the program's command line into broker options.</summary>
internal sealed class DevBrokerCommandLine
{
    /// <summary>The usage text printed by <c>--help</c>.</summary>
    public const string Usage = """
        Reactor.DevBroker - a single-node Kafka-protocol broker for development and tests. NOT for production.

        Usage: Reactor.DevBroker [options]

          --host <address>            Address to listen on and advertise (default 127.0.0.1)
          --port <port>               TCP port, 0 for an ephemeral one (default 9092)
          --data <directory>          Data directory (default: a temporary directory deleted on exit)
          --partitions <n>            Partitions of auto-created topics (default 4)
          --no-auto-create            Do not create unknown topics on Metadata or Produce
          --retention-ms <ms>         Keep data this long, -1 for ever (default 604800000 = 7 days)
          --retention-bytes <bytes>   Keep at most this much per partition, -1 for unlimited (default -1)
          --segment-bytes <bytes>     Roll segment files at this size (default 67108864)
          --max-frame-bytes <bytes>   Largest request accepted (default 104857600)
          --group-initial-delay-ms <ms>  Wait for more members before a new group's first rebalance (default 200)
          --log-level <level>         Trace, Debug, Information, Warning or Error (default Information)
          -h, --help                  Show this help

        Ctrl+C stops the broker cleanly, flushing data to disk.
        """;

    private DevBrokerCommandLine(DevBrokerOptions options, LogLevel logLevel, bool showHelp)
    {
        Options = options;
        LogLevel = logLevel;
        ShowHelp = showHelp;
    }

    /// <summary>Gets the broker options.</summary>
    public DevBrokerOptions Options { get; }

    /// <summary>Gets the minimum log level.</summary>
    public LogLevel LogLevel { get; }

    /// <summary>Gets whether help was asked for.</summary>
    public bool ShowHelp { get; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> names the offending option.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out DevBrokerCommandLine? result, out string? error)
    {
        var options = new DevBrokerOptions { Port = 9092 };
        var logLevel = LogLevel.Information;
        var showHelp = false;
        result = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"Option {arg} needs a value.");
                }

                return args[++i];
            }

            long Number(long min, long max)
            {
                var text = Value();
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                {
                    throw new FormatException($"Option {arg} must be a whole number between {min} and {max} (was '{text}').");
                }

                return value;
            }

            try
            {
                switch (arg)
                {
                    case "-h" or "--help":
                        showHelp = true;
                        break;
                    case "--host":
                        options.Host = Value();
                        break;
                    case "--port":
                        options.Port = (int)Number(0, 65535);
                        break;
                    case "--data":
                        options.DataDirectory = Value();
                        break;
                    case "--partitions":
                        options.DefaultPartitions = (int)Number(1, 10_000);
                        break;
                    case "--no-auto-create":
                        options.AutoCreateTopics = false;
                        break;
                    case "--retention-ms":
                        var ms = Number(-1, long.MaxValue / 10_000);
                        options.RetentionTime = ms == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
                        break;
                    case "--retention-bytes":
                        options.RetentionBytes = Number(-1, long.MaxValue);
                        break;
                    case "--segment-bytes":
                        options.SegmentBytes = Number(1, int.MaxValue);
                        break;
                    case "--max-frame-bytes":
                        options.MaxFrameBytes = (int)Number(1024, int.MaxValue);
                        break;
                    case "--group-initial-delay-ms":
                        options.GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(Number(0, int.MaxValue));
                        break;
                    case "--log-level":
                        var level = Value();
                        if (!Enum.TryParse(level, ignoreCase: true, out logLevel) || !Enum.IsDefined(logLevel))
                        {
                            throw new FormatException($"Option --log-level must be Trace, Debug, Information, Warning or Error (was '{level}').");
                        }

                        break;
                    default:
                        throw new FormatException($"Unknown option '{arg}'. Run with --help to list the options.");
                }
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return false;
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }

        result = new DevBrokerCommandLine(options, logLevel, showHelp);
        return true;
    }
}
