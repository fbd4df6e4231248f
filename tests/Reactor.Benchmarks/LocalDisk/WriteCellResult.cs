namespace Reactor.Benchmarks.LocalDisk;

/// <summary>Holds one measured cell of the LocalDisk write benchmark: a mode, a number of concurrent writers, and what they achieved.</summary>
/// <param name="Mode">How writes reached the disk.</param>
/// <param name="Writers">The number of concurrent writers, each writing its own grain.</param>
/// <param name="Writes">The writes completed within the measured interval.</param>
/// <param name="Elapsed">The measured interval.</param>
/// <param name="PoolDelayMedian">The median delay of a work item queued to the .NET thread pool during the interval.</param>
/// <param name="PoolDelayMax">The longest such delay.</param>
/// <param name="PoolThreads">The thread pool's thread count at the end of the interval.</param>
internal sealed record WriteCellResult(WriteMode Mode, int Writers, long Writes, TimeSpan Elapsed, TimeSpan PoolDelayMedian, TimeSpan PoolDelayMax, int PoolThreads)
{
    public double WritesPerSecond => Writes / Elapsed.TotalSeconds;
}
