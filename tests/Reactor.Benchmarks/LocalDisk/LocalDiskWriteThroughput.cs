using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Reactor.Persistence.LocalDisk.Providers;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>
/// Measures concurrent grain state writes per second through <see cref="LocalDiskGrainStorage"/>: (a) with <c>fsync</c> on
/// its dedicated I/O threads, (b) with <c>FlushToDisk = false</c>, and the baseline (c) measured in the same run:
/// the same write, <c>fsync</c>, rename and directory <c>fsync</c> done synchronously on the thread pool, as the
/// provider did before. Each writer writes its own grain in a loop, each write ETag-checked. With <c>--layout log</c>,
/// (a) and (b) use <see cref="LocalDiskLayout.Log"/> (the state log with group commit) instead of one file per grain;
/// the baseline (c) stays the same.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/Reactor.Benchmarks -- localdisk-writes [--seconds 5] [--rounds 3]
/// [--writers 1,16,256] [--io-threads 8] [--layout file|log] [--dir PATH]</c>. Each (writers, mode) cell runs <c>--rounds</c> times,
/// modes alternating within a round, and the median round is reported. While a cell runs, a probe measures how
/// long work queued to the thread pool waits (the starvation that makes Orleans timers fire late).
/// </remarks>
internal static class LocalDiskWriteThroughput
{
    private const string StateName = "state";
    private static readonly WriteMode[] Modes = [WriteMode.ThreadPoolFsync, WriteMode.IoThreadsFsync, WriteMode.IoThreadsNoFsync];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var seconds = 5.0;
        var rounds = 3;
        var ioThreads = 8;
        IReadOnlyList<int> writerCounts = [1, 16, 256];
        var root = Path.GetTempPath();
        var layout = LocalDiskLayout.FilePerGrain;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--io-threads":
                    ioThreads = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--writers":
                    writerCounts = [.. Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--layout":
                    layout = Value() switch
                    {
                        "file" => LocalDiskLayout.FilePerGrain,
                        "log" => LocalDiskLayout.Log,
                        var other => throw new ArgumentException($"--layout {other}: expected file or log"),
                    };
                    break;
                case "--dir":
                    root = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. Usage: localdisk-writes [--seconds 5] [--rounds 3] [--writers 1,16,256] [--io-threads 8] [--layout file|log] [--dir PATH]");
            }
        }

        var activators = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();
        var baseDirectory = Path.Combine(root, "reactor-bench-localdisk-" + Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"localdisk-writes: writers [{string.Join(", ", writerCounts)}], {seconds:F1} s per cell, {rounds} rounds, layout {layout}, {ioThreads} I/O threads, directory {baseDirectory}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        Console.WriteLine($"thread pool: min {minWorkers} worker threads, {ThreadPool.ThreadCount} at start");

        var cells = new List<WriteCellResult>();
        try
        {
            var cellNumber = 0;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var writers in writerCounts)
                {
                    // Rotate the order of the modes each round so none always runs first (on a fresher pool and disk).
                    foreach (var mode in Modes.Skip(round % Modes.Length).Concat(Modes.Take(round % Modes.Length)))
                    {
                        var directory = Path.Combine(baseDirectory, (cellNumber++).ToString(CultureInfo.InvariantCulture));
                        var cell = await RunCellAsync(mode, layout, writers, TimeSpan.FromSeconds(seconds), ioThreads, directory, activators).ConfigureAwait(false);
                        cells.Add(cell);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"round {round + 1}: {Describe(mode, layout),-34} {writers,4} writers: {cell.WritesPerSecond,9:N0} writes/s, pool delay median {cell.PoolDelayMedian.TotalMilliseconds:F1} ms, max {cell.PoolDelayMax.TotalMilliseconds:N0} ms, {cell.PoolThreads} pool threads"));
                        Directory.Delete(directory, recursive: true);
                    }
                }
            }
        }
        finally
        {
            if (Directory.Exists(baseDirectory))
            {
                Directory.Delete(baseDirectory, recursive: true);
            }
        }

        var medians = cells
            .GroupBy(c => (c.Mode, c.Writers))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.WritesPerSecond).ElementAt(g.Count() / 2));
        PrintTables(writerCounts, medians, layout);
        return 0;
    }

    private static async Task<WriteCellResult> RunCellAsync(WriteMode mode, LocalDiskLayout layout, int writers, TimeSpan duration, int ioThreads, string directory, IActivatorProvider activators)
    {
        using var storage = new LocalDiskGrainStorage(
            "bench",
            new LocalDiskGrainStorageOptions
            {
                RootDirectory = directory,
                FlushToDisk = mode != WriteMode.IoThreadsNoFsync,
                IoThreads = ioThreads,
                Layout = mode == WriteMode.ThreadPoolFsync ? LocalDiskLayout.FilePerGrain : layout,
            },
            activators,
            NullLogger<LocalDiskGrainStorage>.Instance);
        var baseline = new ThreadPoolBaselineWriter(storage, StateName);
        Func<GrainId, GrainState<BenchState>, Task> write = mode == WriteMode.ThreadPoolFsync
            ? baseline.WriteAsync
            : (id, state) => storage.WriteStateAsync(StateName, id, state);

        var counts = new long[writers];
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = 0;
        var grains = Enumerable.Range(0, writers)
            .Select(w => (Id: GrainId.Create("bench-counter", $"writer-{w}"), State: new GrainState<BenchState>(new BenchState())))
            .ToArray();
        var ready = grains.Select(g => write(g.Id, g.State)).ToArray();
        await Task.WhenAll(ready).ConfigureAwait(false);

        var loops = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var (id, state) = grains[w];
            await go.Task.ConfigureAwait(false);
            while (Volatile.Read(ref stop) == 0)
            {
                state.State!.Count++;
                await write(id, state).ConfigureAwait(false);
                Interlocked.Increment(ref counts[w]);
            }
        })).ToArray();

        using var probe = new PoolDelayProbe();
        var started = Stopwatch.GetTimestamp();
        go.SetResult();

        // Time the interval on a dedicated thread: a timer on a starved pool would itself fire late.
        var snapshot = await Task.Factory.StartNew(
            () =>
            {
                Thread.Sleep(duration);
                var writes = 0L;
                for (var w = 0; w < counts.Length; w++)
                {
                    writes += Interlocked.Read(ref counts[w]);
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                var poolThreads = ThreadPool.ThreadCount;
                Volatile.Write(ref stop, 1);
                return (writes, elapsed, poolThreads);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        var (median, max) = await probe.StopAsync().ConfigureAwait(false);
        if (storage.StateLog is { } log)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  state log: {log.Counters.Syncs:N0} syncs and {log.Counters.Batches:N0} batches for {snapshot.writes + writers:N0} writes ({(snapshot.writes + writers) / (double)Math.Max(1, log.Counters.Batches):F1} writes per batch)"));
        }

        return new WriteCellResult(mode, writers, snapshot.writes, snapshot.elapsed, median, max, snapshot.poolThreads);
    }

    private static void PrintTables(IReadOnlyList<int> writerCounts, Dictionary<(WriteMode, int), WriteCellResult> medians, LocalDiskLayout layout)
    {
        Console.WriteLine();
        Console.WriteLine($"| Writers | {Describe(WriteMode.ThreadPoolFsync, layout)} | {Describe(WriteMode.IoThreadsFsync, layout)} | (a)/(c) | {Describe(WriteMode.IoThreadsNoFsync, layout)} | (b)/(c) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var writers in writerCounts)
        {
            var c = medians[(WriteMode.ThreadPoolFsync, writers)].WritesPerSecond;
            var a = medians[(WriteMode.IoThreadsFsync, writers)].WritesPerSecond;
            var b = medians[(WriteMode.IoThreadsNoFsync, writers)].WritesPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {writers} | {c:N0} | {a:N0} | {a / c:F2} | {b:N0} | {b / c:F2} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| Writers | Mode | Thread-pool delay, median (ms) | Thread-pool delay, max (ms) | Pool threads at end |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var writers in writerCounts)
        {
            foreach (var mode in Modes)
            {
                var cell = medians[(mode, writers)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {writers} | {Describe(mode, layout)} | {cell.PoolDelayMedian.TotalMilliseconds:F2} | {cell.PoolDelayMax.TotalMilliseconds:N1} | {cell.PoolThreads} |"));
            }
        }
    }

    private static string Describe(WriteMode mode, LocalDiskLayout layout) => (mode, layout) switch
    {
        (WriteMode.ThreadPoolFsync, _) => "(c) thread pool, fsync (before)",
        (WriteMode.IoThreadsFsync, LocalDiskLayout.Log) => "(a) state log, fsync",
        (WriteMode.IoThreadsNoFsync, LocalDiskLayout.Log) => "(b) state log, FlushToDisk=false",
        (WriteMode.IoThreadsFsync, _) => "(a) I/O threads, fsync",
        (WriteMode.IoThreadsNoFsync, _) => "(b) I/O threads, FlushToDisk=false",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
