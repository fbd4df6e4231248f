namespace Reactor.Benchmarks.Cache;

/// <summary>One measured round of one provider of the <c>cache</c> scenario.</summary>
internal sealed record CacheRoundResult(string Cache, int BatchSize, int Entities, long Events, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public double CpuMicrosecondsPerEvent => Cpu.TotalMicroseconds / Events;

    public double BytesPerEvent => (double)AllocatedBytes / Events;

    public double GcPausePercent => 100 * GcPause / Elapsed;
}
