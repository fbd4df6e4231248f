using System.Diagnostics.Tracing;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// Counts bytes allocated by the process from the runtime's <c>GCAllocationTick</c> events (one per ~100 KB allocated on a
/// heap), because <see cref="GC.GetTotalAllocatedBytes"/> goes backwards under server GC with DATAS when the heap count
/// shrinks (dotnet/runtime#131069, not fixed in the runtime this runs on). Events arrive with a short delay, so read it
/// after a pause.
/// </summary>
internal sealed class AllocationMeter : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const int AllocationTickEventId = 10;
    private const long GcKeyword = 0x1;
    private long _bytes;

    public long AllocatedBytes => Interlocked.Read(ref _bytes);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (index >= 0 && eventData.Payload[index] is ulong amount)
        {
            Interlocked.Add(ref _bytes, (long)amount);
        }
    }
}
