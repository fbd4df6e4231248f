using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Reactor.Benchmarks.Profiling;

/// <summary>
/// Reports what young collections promote: which sampled allocations survived the first young collection after them,
/// by type (and, with <c>--stack-depth</c>, by allocating stack). Reads an EventPipe trace with the runtime's
/// allocation ticks and the collections' moved and surviving address ranges:
/// <c>dotnet-trace collect -p PID --buffersize 2048 --providers Microsoft-Windows-DotNETRuntime:0x400001:5 --duration 00:00:00:05</c>.
/// </summary>
/// <remarks>
/// An allocation tick names the object that crossed the runtime's ~100 KB sampling threshold, with its address; every
/// tick stands for the ~100 KB allocated since the previous one. A young collection reports the ranges it moved
/// (compacting) or kept in place; a sampled object whose address falls in one of them survived it. Samples taken during
/// a collection, and those followed by a gen2 collection, are left out.
/// </remarks>
internal static class GcSurvivors
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: gc-survivors <trace.nettrace> [--stack-depth N] [--top N] [--by-allocated]");
            return 2;
        }

        var depth = IntOption(args, "--stack-depth", 0);
        var top = IntOption(args, "--top", 40);
        var byAllocated = args.Contains("--by-allocated");
        var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
        using var log = new TraceLog(etlx);
        var tally = new SurvivalTally();
        var pending = new List<Sample>();
        var ranges = new List<(ulong Start, ulong Length)>();
        var depthOfCollection = -1;
        var collecting = false;
        foreach (var traceEvent in log.Events)
        {
            switch (traceEvent)
            {
                case GCAllocationTickTraceData tick when !collecting:
                    pending.Add(new Sample(tick.Address, Key(tick, depth), tick.AllocationAmount64));
                    break;
                case GCStartTraceData start:
                    ranges.Clear();
                    depthOfCollection = start.Depth;
                    collecting = true;
                    break;
                case GCBulkMovedObjectRangesTraceData moved:
                    for (var i = 0; i < moved.Count; i++)
                    {
                        ranges.Add((moved.Values(i).OldRangeBase, moved.Values(i).RangeLength));
                    }

                    break;
                case GCBulkSurvivingObjectRangesTraceData surviving:
                    for (var i = 0; i < surviving.Count; i++)
                    {
                        ranges.Add((surviving.Values(i).RangeBase, surviving.Values(i).RangeLength));
                    }

                    break;
                case GCMarkWithTypeTraceData mark when collecting && depthOfCollection is 0 or 1:
                    tally.Marked(mark.Type, mark.Promoted);
                    break;
                case GCEndTraceData when collecting:
                    collecting = false;
                    if (depthOfCollection is 0 or 1)
                    {
                        tally.Settle(pending, ranges);
                    }

                    pending.Clear();
                    break;
            }
        }

        tally.Print(top, byAllocated);
        return 0;
    }

    private static string Key(GCAllocationTickTraceData tick, int depth)
    {
        var type = tick.TypeName ?? "?";
        if (depth == 0)
        {
            return type;
        }

        var frames = new List<string>();
        for (var frame = tick.CallStack(); frame is not null && frames.Count < depth; frame = frame.Caller)
        {
            var name = frame.CodeAddress.FullMethodName;
            if (!string.IsNullOrEmpty(name) && !name.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal))
            {
                frames.Add(name.Length > 110 ? name[..110] : name);
            }
        }

        return type + Environment.NewLine + "      " + string.Join(Environment.NewLine + "      <- ", frames);
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private readonly record struct Sample(ulong Address, string Key, long Bytes);

    /// <summary>Sampled bytes allocated and surviving their first young collection, per key.</summary>
    private sealed class SurvivalTally
    {
        private readonly Dictionary<string, (long Allocated, long Survived)> _byKey = new(StringComparer.Ordinal);
        private readonly Dictionary<int, long> _markedByRoot = [];
        private long _allocated;
        private long _survived;
        private int _collections;

        public void Settle(List<Sample> samples, List<(ulong Start, ulong Length)> ranges)
        {
            ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
            _collections++;
            foreach (var sample in samples)
            {
                var survived = Contains(ranges, sample.Address);
                var (allocated, survivedBytes) = _byKey.GetValueOrDefault(sample.Key);
                _byKey[sample.Key] = (allocated + sample.Bytes, survivedBytes + (survived ? sample.Bytes : 0));
                _allocated += sample.Bytes;
                _survived += survived ? sample.Bytes : 0;
            }
        }

        /// <summary>Adds what a young collection marked from one kind of root (the runtime's <c>GCMarkWithType</c> event).</summary>
        public void Marked(int rootKind, long bytes) => _markedByRoot[rootKind] = _markedByRoot.GetValueOrDefault(rootKind) + bytes;

        public void Print(int top, bool byAllocated)
        {
            if (_markedByRoot.Count > 0)
            {
                // The runtime's mark kinds: what each young collection found live through stacks, finalization,
                // handles, references from older generations (the card table), and so on.
                string[] names = ["stacks", "finalization queue", "handles", "older generations (cards)", "sized refs", "overflow", "dependent handles", "new finalization queue", "steal", "background GC roots"];
                var total = Math.Max(1, _markedByRoot.Values.Sum());
                Console.WriteLine("promoted by young collections, by the root that reached it:");
                foreach (var (kind, bytes) in _markedByRoot.OrderByDescending(e => e.Value))
                {
                    var name = kind >= 0 && kind < names.Length ? names[kind] : $"kind {kind}";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6,8:F1} MB ({100.0 * bytes / total,5:F1} %)  {name}"));
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{_collections} young collections; sampled {_allocated / 1e6:F0} MB allocated, {_survived / 1e6:F0} MB ({100.0 * _survived / Math.Max(1, _allocated):F1} %) survived their first one"));
            var ranked = byAllocated ? _byKey.OrderByDescending(e => e.Value.Allocated) : _byKey.OrderByDescending(e => e.Value.Survived);
            foreach (var (key, (allocated, survived)) in ranked.Take(top))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{survived / 1e6,8:F1} MB survived of {allocated / 1e6,8:F1} MB ({100.0 * survived / allocated,5:F1} %)  {key}"));
            }
        }

        private static bool Contains(List<(ulong Start, ulong Length)> ranges, ulong address)
        {
            int low = 0, high = ranges.Count - 1;
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (ranges[middle].Start <= address)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return high >= 0 && address < ranges[high].Start + ranges[high].Length;
        }
    }
}
