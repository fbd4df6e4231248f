using System.Text.RegularExpressions;

namespace Reactor.Cluster.Tests;

/// <summary>Tells which host reads which Kafka partition, from the Kafka receivers' "Reading {partition} from offset {offset}" lines.</summary>
internal static partial class PartitionOwnership
{
    /// <summary>Gets each partition's latest reader among <paramref name="hosts"/> (a new owner starts reading only after the old one stopped).</summary>
    public static Dictionary<string, (ClusterHost Host, DateTime Since)> Current(IEnumerable<ClusterHost> hosts) =>
        hosts.SelectMany(h => Reads(h).Select(r => (Host: h, r.Partition, r.At)))
            .GroupBy(r => r.Partition)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).Select(r => (r.Host, r.At)).Last());

    /// <summary>Gets the partitions a host started reading, and when.</summary>
    public static IEnumerable<(string Partition, DateTime At)> Reads(ClusterHost host) =>
        host.LinesContaining("Reading ").Select(l => (Match: ReadingLine().Match(l.Line), l.At))
            .Where(r => r.Match.Success)
            .Select(r => ($"{r.Match.Groups[1].Value}/{r.Match.Groups[2].Value}", r.At));

    [GeneratedRegex(@"Reading (\S+) \[+(\d+)\]+ from offset")]
    private static partial Regex ReadingLine();
}
