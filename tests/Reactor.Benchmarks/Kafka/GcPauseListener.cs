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
    private const int RestartEEEnd = 3;
    private const long GcKeyword = 0x1;

    private readonly Lock _lock = new();
    private readonly List<GcPause> _pauses = [];
    private DateTime? _suspendedAt;
    private int _generation = -1;

    /// <summary>Returns the pauses recorded since the previous call and starts a new window.</summary>
    /// <returns>The pauses of the window.</returns>
    public GcPauses TakeInterval()
    {
        lock (_lock)
        {
            var pauses = new GcPauses([.. _pauses]);
            _pauses.Clear();
            return pauses;
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)GcKeyword);
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
                    break;
                case GcStart when eventData.PayloadNames?.IndexOf("Depth") is >= 0 and var index:
                    _generation = Convert.ToInt32(eventData.Payload![index], CultureInfo.InvariantCulture);
                    break;
                case RestartEEEnd when _suspendedAt is { } suspended:
                    _pauses.Add(new GcPause(eventData.TimeStamp - suspended, _generation, eventData.TimeStamp));
                    _suspendedAt = null;
                    break;
            }
        }
    }
}

/// <summary>One pause: how long the runtime was suspended, and the generation collected (-1: a pause of a background collection, or unknown).</summary>
/// <param name="Duration">From suspension to restart.</param>
/// <param name="Generation">The generation the collection started in the pause collected.</param>
/// <param name="EndedUtc">When the runtime restarted.</param>
internal sealed record GcPause(TimeSpan Duration, int Generation, DateTime EndedUtc);

/// <summary>The garbage-collection pauses of one measurement window.</summary>
/// <param name="Pauses">Each pause.</param>
internal sealed record GcPauses(IReadOnlyList<GcPause> Pauses)
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
            $"gen{(g.Key < 0 ? "?" : g.Key.ToString(CultureInfo.InvariantCulture))} {g.Count()} (max {g.Max(p => p.Duration.TotalMilliseconds):F0} ms)")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Pauses.Count} GC pauses, longest {longest.Duration.TotalMilliseconds:F1} ms, {Pauses.Count(p => p.Duration > TimeSpan.FromMilliseconds(50))} over 50 ms, total {Pauses.Sum(p => p.Duration.TotalMilliseconds):F0} ms: {byGeneration}");
    }
}
