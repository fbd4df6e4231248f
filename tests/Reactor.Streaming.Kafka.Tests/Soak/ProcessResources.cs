using System.Diagnostics;
using System.Globalization;

namespace Reactor.Streaming.Kafka.Tests.Soak;

/// <summary>What the test process holds at one moment: memory, managed heap after a full collection, handles and threads.</summary>
internal sealed record ProcessResources(TimeSpan At, long WorkingSetBytes, long ManagedHeapBytes, int Handles, int Threads, long EventsProduced)
{
    public static ProcessResources Sample(TimeSpan at, long eventsProduced)
    {
        // A blocking, compacting gen2 collection first, so the heap size is what is live, not what awaits collection.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
        using var process = Process.GetCurrentProcess();
        var handles = OperatingSystem.IsLinux() ? Directory.GetFileSystemEntries("/proc/self/fd").Length : process.HandleCount;
        return new ProcessResources(at, process.WorkingSet64, heap, handles, process.Threads.Count, eventsProduced);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{At.TotalSeconds,6:F0} s  working set {WorkingSetBytes / 1_048_576.0,7:F1} MiB  managed heap {ManagedHeapBytes / 1_048_576.0,6:F1} MiB  fds {Handles,4}  threads {Threads,3}  events produced {EventsProduced,9:N0}");
}
