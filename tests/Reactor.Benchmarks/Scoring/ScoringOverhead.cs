using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Reactor.Inference.Onnx;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Benchmarks.Scoring;

/// <summary>
/// Measures scoring overhead per reaction: the sample fraud model scored by <c>ctx.Score</c> (the registry, the features
/// mapping, the session run and the decision-record facts) with and without micro-batching, against the baseline
/// measured in the same run: <c>InferenceSession.Run</c> on one row, called directly on a session of its own.
/// Each cell runs <c>concurrency</c> workers (entities), each scoring in a loop.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/Reactor.Benchmarks -- scoring [--seconds 3] [--rounds 3]
/// [--concurrency 1,16,256]</c>. Modes rotate within each round; the median round is reported.
/// </remarks>
internal static class ScoringOverhead
{
    private static readonly ScoringMode[] Modes = [ScoringMode.DirectRun, ScoringMode.Score, ScoringMode.ScoreBatched, ScoringMode.ScoreBatchedWithDelay];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(Value(args, "--seconds") ?? "3", CultureInfo.InvariantCulture);
        var rounds = ScenarioArguments.Int(args, "--rounds", 3);
        int[] concurrencies = [.. (Value(args, "--concurrency") ?? "1,16,256").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scoring: concurrency [{string.Join(", ", concurrencies)}], {seconds:F1} s per cell, {rounds} rounds; {Environment.ProcessorCount} cores; load average {LoadAverage()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));

        var results = new Dictionary<(int, ScoringMode), List<double>>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var concurrency in concurrencies)
            {
                foreach (var mode in Modes.Skip(round % Modes.Length).Concat(Modes.Take(round % Modes.Length)))
                {
                    var perSecond = await RunCellAsync(mode, concurrency, TimeSpan.FromSeconds(seconds));
                    if (!results.TryGetValue((concurrency, mode), out var list))
                    {
                        results[(concurrency, mode)] = list = [];
                    }

                    list.Add(perSecond);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| concurrency | mode | scores/s (median) | µs per score | vs direct Run |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        foreach (var concurrency in concurrencies)
        {
            var baseline = Median(results[(concurrency, ScoringMode.DirectRun)]);
            foreach (var mode in Modes)
            {
                var median = Median(results[(concurrency, mode)]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {concurrency} | {mode} | {median:N0} | {1e6 / median:F2} | {baseline / median:F2}x time |"));
            }
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task<double> RunCellAsync(ScoringMode mode, int concurrency, TimeSpan duration)
    {
        await using var services = new ServiceCollection()
            .AddCommerceModels()
            .AddOnnxModel(CommerceModels.Fraud, o =>
            {
                o.MaxBatchSize = mode is ScoringMode.ScoreBatched or ScoringMode.ScoreBatchedWithDelay ? 64 : 1;
                o.MaxBatchDelay = mode == ScoringMode.ScoreBatchedWithDelay ? TimeSpan.FromMilliseconds(1) : TimeSpan.Zero;
            })
            .BuildServiceProvider();
        await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);
        using var direct = DirectSession();
        using var runOptions = new RunOptions();
        var features = new FraudFeatures(3, 1650, 1, 2, 5.5f);
        long scored = 0;
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();

        async Task Worker(int id)
        {
            await Task.Yield();
            var context = new BenchReactionContext(services, "c" + id.ToString(CultureInfo.InvariantCulture));
            var row = new float[5];
            long mine = 0;
            while (!stop.IsCancellationRequested)
            {
                if (mode == ScoringMode.DirectRun)
                {
                    features.CopyTo(row);
                    using var input = OrtValue.CreateTensorValueFromMemory(row, [1, 5]);
                    using var outputs = direct.Run(runOptions, ["features"], [input], ["probability"]);
                    _ = outputs[0].GetTensorDataAsSpan<float>()[0];

                    // The direct calls never yield; without this, workers beyond the pool's threads would never run.
                    if ((mine & 63) == 0)
                    {
                        await Task.Yield();
                    }
                }
                else
                {
                    await context.Score(CommerceModels.Fraud, features);
                }

                mine++;
            }

            Interlocked.Add(ref scored, mine);
        }

        var workers = Enumerable.Range(0, concurrency).Select(Worker).ToList();
        await Task.Delay(duration);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return scored / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static InferenceSession DirectSession()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new InferenceSession(File.ReadAllBytes(CommerceModels.FraudPath), options);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
