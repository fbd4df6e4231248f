using System.Diagnostics;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>
/// Measures how long work queued to the .NET thread pool waits before it runs, the symptom of a starved pool
/// (Orleans timers firing seconds late). A dedicated thread queues one stamped work item every 10 ms.
/// </summary>
internal sealed class PoolDelayProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private int _outstanding;

    public PoolDelayProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "pool delay probe" };
        _thread.Start();
    }

    /// <summary>Stops probing and waits until every queued probe has run, then returns the median and the longest delay.</summary>
    public async Task<(TimeSpan Median, TimeSpan Max)> StopAsync()
    {
        _stop.Set();
        _thread.Join();
        while (Volatile.Read(ref _outstanding) > 0)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        lock (_lock)
        {
            if (_delays.Count == 0)
            {
                return (TimeSpan.Zero, TimeSpan.Zero);
            }

            _delays.Sort();
            return (_delays[_delays.Count / 2], _delays[^1]);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            var queuedAt = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _outstanding);
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    var delay = Stopwatch.GetElapsedTime(queuedAt);
                    lock (_lock)
                    {
                        _delays.Add(delay);
                    }

                    Interlocked.Decrement(ref _outstanding);
                },
                null);
        }
    }
}
