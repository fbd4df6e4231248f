using System.Globalization;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>
/// The keyed workload every client produces: message n has key "k{n % keys}" and value "v-{n}",
/// so the checks can tell exactly which messages arrived and in what order per key.
/// </summary>
internal static class KeyedMessages
{
    public static string Key(int n, int keys) => "k" + (n % keys).ToString(CultureInfo.InvariantCulture);

    public static string Value(int n) => "v-" + n.ToString(CultureInfo.InvariantCulture);

    public static int Sequence(string? value)
    {
        if (value is null || !value.StartsWith("v-", StringComparison.Ordinal)
            || !int.TryParse(value.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"Not a workload value: '{value}'");
        }
        return n;
    }

    /// <summary>
    /// Asserts the records are exactly messages [first, first+count) with no duplicate and no loss, that each key
    /// was written to one partition only, and that each key's messages arrived in the order they were produced.
    /// </summary>
    public static void AssertExactlyInKeyOrder(IReadOnlyList<ConsumedRecord> records, int first, int count, int keys, string context)
    {
        var sequences = records.Select(r => Sequence(r.Value)).ToList();
        var duplicates = sequences.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        Assert.True(duplicates.Count == 0, $"{context}: duplicate messages {string.Join(", ", duplicates)}");
        var expected = Enumerable.Range(first, count).ToHashSet();
        var missing = expected.Except(sequences).Order().Take(20).ToList();
        var unexpected = sequences.Except(expected).Order().Take(20).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            $"{context}: expected messages {first}..{first + count - 1} ({count}), got {records.Count}; missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");

        foreach (var record in records)
        {
            Assert.True(record.Key == Key(Sequence(record.Value), keys), $"{context}: record {record} carries the wrong key");
        }
        AssertPerKeyOrder(records, context);
    }

    /// <summary>Asserts every key lives in one partition and its values arrive in increasing sequence.</summary>
    public static void AssertPerKeyOrder(IReadOnlyList<ConsumedRecord> records, string context)
    {
        foreach (var byKey in records.GroupBy(r => r.Key))
        {
            var partitions = byKey.Select(r => r.Partition).Distinct().ToList();
            Assert.True(partitions.Count == 1, $"{context}: key {byKey.Key} was found in partitions {string.Join(", ", partitions)}");
            var last = -1;
            foreach (var record in byKey)
            {
                var n = Sequence(record.Value);
                Assert.True(n > last, $"{context}: key {byKey.Key} out of order: {Value(n)} arrived after {Value(last)}");
                last = n;
            }
        }
        foreach (var byPartition in records.GroupBy(r => r.Partition))
        {
            var offsets = byPartition.Select(r => r.Offset).ToList();
            for (var i = 1; i < offsets.Count; i++)
            {
                Assert.True(offsets[i] > offsets[i - 1], $"{context}: partition {byPartition.Key} offsets not increasing: {offsets[i - 1]} then {offsets[i]}");
            }
        }
    }

    /// <summary>Lines "key:value" for kcat -K: on standard input.</summary>
    public static string KcatInput(int first, int count, int keys) =>
        string.Concat(Enumerable.Range(first, count).Select(n => $"{Key(n, keys)}:{Value(n)}\n"));
}
