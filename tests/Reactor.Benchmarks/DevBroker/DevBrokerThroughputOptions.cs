using System.Globalization;

namespace Reactor.Benchmarks.DevBroker;

/// <summary>Command-line options of the <c>devbroker</c> scenario.</summary>
internal sealed class DevBrokerThroughputOptions
{
    public int Messages { get; private set; } = 500_000;

    public int WarmupMessages { get; private set; } = 20_000;

    public int Rounds { get; private set; } = 5;

    public IReadOnlyList<int> Sizes { get; private set; } = [100, 1024];

    /// <summary>The DevBroker's <c>FlushInterval</c> (fsync period); null keeps the broker's default.</summary>
    public TimeSpan? FlushInterval { get; private set; }

    /// <summary>Runs only the named broker ("devbroker" or "mock"), for profiling; the report then has no ratios.</summary>
    public string? Only { get; private set; }

    public static DevBrokerThroughputOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DevBrokerThroughputOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--messages":
                    options.Messages = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    options.WarmupMessages = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    options.Rounds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--sizes":
                    options.Sizes = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--flush-ms":
                    var flushMs = int.Parse(Value(), CultureInfo.InvariantCulture);
                    options.FlushInterval = flushMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(flushMs);
                    break;
                case "--only":
                    options.Only = Value() switch
                    {
                        "devbroker" => "DevBroker",
                        "mock" => "librdkafka mock",
                        var other => throw new ArgumentException($"--only takes devbroker or mock, not {other}"),
                    };
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. Usage: devbroker [--messages N] [--rounds N] [--warmup N] [--sizes 100,1024] [--only devbroker|mock] [--flush-ms N (-1: only on stop)]");
            }
        }
        if (options.Messages < 2 || options.Rounds < 1 || options.WarmupMessages < 0 || options.Sizes.Any(s => s < 1))
        {
            throw new ArgumentException("--messages must be at least 2, --rounds positive, --warmup not negative, --sizes positive");
        }
        return options;
    }
}
