using System.Diagnostics.Tracing;
using System.Globalization;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Records the runtime's garbage-collection pauses (execution engine suspended to restarted) from its own events, so a
/// latency figure can be read next to the pauses that fell in the same window.
/// </summary>
internal sealed class GcPauseListener : EventListener
{
    private const int GcStart = 1;
    private const int SuspendEEBegin = 9;
    private const int SuspendEEEnd = 8;
    private const int RestartEEEnd = 3;
    private const int HeapStats = 4;
    private const int AllocationTick = 10;
    private const long GcKeyword = 0x1;

    private readonly Lock _lock = new();
    private readonly List<GcPause> _pauses = [];
    private DateTime? _suspendedAt;
    private int _generation = -1;
    private long _promotedBytes;
    private TimeSpan _suspending;
    private readonly Dictionary<string, long> _allocatedByType = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether allocations are sampled by type (environment <c>REACTOR_BENCH_ALLOCATIONS=1</c>): costs a little, for profiling runs only.</summary>
    private static bool SampleAllocations => Environment.GetEnvironmentVariable("REACTOR_BENCH_ALLOCATIONS") == "1";

    /// <summary>Returns the pauses recorded since the previous call and starts a new window.</summary>
    /// <returns>The pauses of the window.</returns>
    public GcPauses TakeInterval()
    {
        lock (_lock)
        {
            var pauses = new GcPauses([.. _pauses], [.. _allocatedByType.OrderByDescending(p => p.Value).Take(25)]);
            _pauses.Clear();
            _allocatedByType.Clear();
            return pauses;
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, SampleAllocations ? EventLevel.Verbose : EventLevel.Informational, (EventKeywords)GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (_lock)
        {
            switch (eventData.EventId)
            {
                case SuspendEEBegin:
                    _suspendedAt = eventData.TimeStamp;
                    _generation = -1;
                    _promotedBytes = 0;
                    _suspending = TimeSpan.Zero;
                    break;
                case SuspendEEEnd when _suspendedAt is { } suspendStarted:
                    _suspending = eventData.TimeStamp - suspendStarted;
                    break;
                case GcStart when eventData.PayloadNames?.IndexOf("Depth") is >= 0 and var index:
                    _generation = Convert.ToInt32(eventData.Payload![index], CultureInfo.InvariantCulture);
                    break;
                case AllocationTick when eventData.PayloadNames?.IndexOf("TypeName") is >= 0 and var typeIndex:
                    var typeName = eventData.Payload![typeIndex] as string ?? "?";
                    _allocatedByType[typeName] = _allocatedByType.GetValueOrDefault(typeName) + PayloadLong(eventData, "AllocationAmount64");
                    break;
                case HeapStats:
                    _promotedBytes = PayloadLong(eventData, "TotalPromotedSize0") + PayloadLong(eventData, "TotalPromotedSize1");
                    break;
                case RestartEEEnd when _suspendedAt is { } suspended:
                    _pauses.Add(new GcPause(eventData.TimeStamp - suspended, _generation, eventData.TimeStamp, _promotedBytes, _suspending));
                    _suspendedAt = null;
                    break;
            }
        }
    }

    private static long PayloadLong(EventWrittenEventArgs eventData, string name) =>
        eventData.PayloadNames?.IndexOf(name) is >= 0 and var index
            ? Convert.ToInt64(eventData.Payload![index], CultureInfo.InvariantCulture)
            : 0;
}

/// <summary>One pause: how long the runtime was suspended, and the generation collected (-1: a pause of a background collection, or unknown).</summary>
/// <param name="Duration">From suspension to restart.</param>
/// <param name="Generation">The generation the collection started in the pause collected.</param>
/// <param name="EndedUtc">When the runtime restarted.</param>
/// <param name="PromotedBytes">Bytes the collection kept alive out of generations 0 and 1 (0 for a pause without a collection's statistics).</param>
/// <param name="Suspending">How long the runtime took to bring every thread to a stop, part of <paramref name="Duration"/>.</param>
internal sealed record GcPause(TimeSpan Duration, int Generation, DateTime EndedUtc, long PromotedBytes = 0, TimeSpan Suspending = default);

/// <summary>The garbage-collection pauses of one measurement window.</summary>
/// <param name="Pauses">Each pause.</param>
/// <param name="AllocatedByType">Sampled allocation bytes by type, largest first (empty unless sampling was on).</param>
internal sealed record GcPauses(IReadOnlyList<GcPause> Pauses, IReadOnlyList<KeyValuePair<string, long>> AllocatedByType)
{
    /// <summary>Gets how much of the span from <paramref name="startUtc"/> to <paramref name="endUtc"/> the runtime spent suspended.</summary>
    public TimeSpan SuspendedWithin(DateTime startUtc, DateTime endUtc)
    {
        var total = TimeSpan.Zero;
        foreach (var pause in Pauses)
        {
            var from = pause.EndedUtc - pause.Duration > startUtc ? pause.EndedUtc - pause.Duration : startUtc;
            var to = pause.EndedUtc < endUtc ? pause.EndedUtc : endUtc;
            total += to > from ? to - from : TimeSpan.Zero;
        }

        return total;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Pauses.Count == 0)
        {
            return "no GC pauses";
        }

        var longest = Pauses.MaxBy(p => p.Duration)!;
        var byGeneration = string.Join(", ", Pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key).Select(g => string.Create(
            CultureInfo.InvariantCulture,
            $"gen{(g.Key < 0 ? "?" : g.Key.ToString(CultureInfo.InvariantCulture))} {g.Count()} (max {g.Max(p => p.Duration.TotalMilliseconds):F0} ms, promoted mean {g.Average(p => p.PromotedBytes) / 1_048_576.0:F1} MB, max {g.Max(p => p.PromotedBytes) / 1_048_576.0:F1} MB, suspending max {g.Max(p => p.Suspending.TotalMilliseconds):F1} ms)")));
        var memory = GC.GetGCMemoryInfo();
        var allocations = AllocatedByType.Count == 0
            ? string.Empty
            : Environment.NewLine + "  sampled allocations: " + string.Join(", ", AllocatedByType.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value / 1_048_576.0:F1} MB")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"heap {memory.HeapSizeBytes / 1_048_576.0:F0} MB (gen2 {memory.GenerationInfo[2].SizeAfterBytes / 1_048_576.0:F0} MB); {Pauses.Count} GC pauses, longest {longest.Duration.TotalMilliseconds:F1} ms, {Pauses.Count(p => p.Duration > TimeSpan.FromMilliseconds(50))} over 50 ms, total {Pauses.Sum(p => p.Duration.TotalMilliseconds):F0} ms: {byGeneration}") + allocations;
    }
}
