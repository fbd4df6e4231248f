using System.Globalization;

namespace Reactor.Benchmarks.Cache;

/// <summary>Command-line options of the <c>cache</c> scenario.</summary>
internal sealed class CacheThroughputOptions
{
    private const string Usage =
        "Usage: cache [--full] [--entities 1000,100000] [--round-events 300000] [--rounds 3] [--batch 1,16] [--caches simple,indexed] [--queues 8] [--cache-size 8192]";

    public IReadOnlyList<int> Entities { get; private set; } = [1_000, 100_000];

    public int RoundEvents { get; private set; } = 300_000;

    public int Rounds { get; private set; } = 3;

    public IReadOnlyList<int> BatchSizes { get; private set; } = [1, 16];

    public IReadOnlyList<string> Caches { get; private set; } = [CacheThroughput.SimpleCache, CacheThroughput.IndexedCache];

    public int Queues { get; private set; } = 8;

    public int CacheSize { get; private set; } = 8_192;

    public static CacheThroughputOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CacheThroughputOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            static List<int> Numbers(string value) => value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            switch (args[i])
            {
                case "--full":
                    options.Entities = [1_000, 100_000, 1_000_000];
                    break;
                case "--entities":
                    options.Entities = Numbers(Value());
                    break;
                case "--round-events":
                    options.RoundEvents = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    options.Rounds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    options.BatchSizes = Numbers(Value());
                    break;
                case "--caches":
                    options.Caches = Value().Split(',');
                    break;
                case "--queues":
                    options.Queues = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--cache-size":
                    options.CacheSize = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }
        }

        if (options.Entities.Any(e => e < 1) || options.RoundEvents < 1 || options.Rounds < 1 || options.BatchSizes.Any(b => b < 1)
            || options.Queues < 1 || options.CacheSize < 16
            || options.Caches.Any(c => c is not (CacheThroughput.SimpleCache or CacheThroughput.IndexedCache)))
        {
            throw new ArgumentException($"Invalid options. {Usage}");
        }

        return options;
    }

    /// <summary>Gets the events each entity receives per measured round: the round's events spread evenly, at least 2.</summary>
    public int EventsPerEntity(int entities) => Math.Max(2, RoundEvents / entities);
}
