using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Reactor.Abstractions;
using Reactor.Benchmarks.LocalDisk;
using Reactor.Benchmarks.Streams;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Events;
using Reactor.Runtime.Persistence;
using Reactor.TestInfrastructure;

namespace Reactor.Benchmarks.AzureBlob;

/// <summary>
/// Measures Reactor's Azure Blob store against Azurite, each number next to a baseline measured in the same run:
/// (1) state writes/s and p99 latency through <see cref="AzureBlobGrainStorage"/> (ETag-conditional) against plain
/// <c>UploadAsync</c> of the same bytes; (2) decision records/s through <see cref="AzureBlobDecisionLog"/> against plain
/// <c>AppendBlockAsync</c> of the same bytes; (3) storage requests per 1,000 events through entity grains in a silo,
/// for a hot workload (10 entities, 100 events each) and a cold one (1,000 entities, 1 event each), counted with an
/// HTTP pipeline policy.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/Reactor.Benchmarks -- azureblob [--seconds 5] [--rounds 2]
/// [--writers 16] [--batch 10]</c>. Needs Azurite installed (<c>./test.sh</c> or
/// <c>tests/Reactor.Persistence.AzureBlob.Tests/install-azurite.sh</c>); it starts one in memory on a free port.
/// </remarks>
internal static class AzureBlobThroughput
{
    private const string StateName = "state";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ScenarioArguments.Int(args, "--seconds", 5);
        var rounds = ScenarioArguments.Int(args, "--rounds", 2);
        var writers = ScenarioArguments.Int(args, "--writers", 16);
        var batch = ScenarioArguments.Int(args, "--batch", 10);
        await using var azurite = await AzuriteServer.StartAsync();
        var counter = new RequestCounter();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var client = new BlobServiceClient(azurite.ConnectionString, clientOptions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"azureblob: Azurite (in memory) on 127.0.0.1:{azurite.Port}, {writers} writers, {seconds} s per cell, {rounds} rounds, decision batches of {batch}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));

        var states = new List<(Cell Provider, Cell Baseline)>();
        var decisions = new List<(Cell Provider, Cell Baseline)>();
        for (var round = 1; round <= rounds; round++)
        {
            var state = await StateWritesAsync(client, writers, TimeSpan.FromSeconds(seconds), round);
            var decision = await DecisionAppendsAsync(client, writers, batch, TimeSpan.FromSeconds(seconds), round);
            states.Add(state);
            decisions.Add(decision);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: state writes {state.Provider.Rate:N0}/s (p99 {state.Provider.P99:F1} ms) vs plain uploads {state.Baseline.Rate:N0}/s (p99 {state.Baseline.P99:F1} ms); decision records {decision.Provider.Rate:N0}/s vs plain appends {decision.Baseline.Rate:N0}/s"));
        }

        var hot = await RequestsPerThousandEventsAsync(azurite.ConnectionString, entities: 10, eventsPerEntity: 100);
        var cold = await RequestsPerThousandEventsAsync(azurite.ConnectionString, entities: 1_000, eventsPerEntity: 1);

        var s = Median(states);
        var d = Median(decisions);
        Console.WriteLine();
        Console.WriteLine("| measure | Reactor | plain Azure.Storage.Blobs (same bytes, same run) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| state writes/s ({writers} writers, ETag-checked vs unconditional upload) | {s.Provider.Rate:N0} | {s.Baseline.Rate:N0} | {s.Provider.Rate / s.Baseline.Rate:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| state write p99 latency, ms | {s.Provider.P99:F1} | {s.Baseline.P99:F1} | {s.Provider.P99 / s.Baseline.P99:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| decision records/s ({writers} writers, batches of {batch}) | {d.Provider.Rate:N0} | {d.Baseline.Rate:N0} | {d.Provider.Rate / d.Baseline.Rate:F2} |"));
        Console.WriteLine();
        Console.WriteLine("| workload | events | storage requests | requests per 1,000 events |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hot: 10 entities x 100 events, one flush each | 1,000 | {hot} | {hot:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| cold: 1,000 entities x 1 event, one flush each | 1,000 | {cold} | {cold:N0} |"));
        return 0;
    }

    private static async Task<(Cell Provider, Cell Baseline)> StateWritesAsync(BlobServiceClient client, int writers, TimeSpan duration, int round)
    {
        var activators = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();
        var container = client.GetBlobContainerClient($"bench-state-{round}-{Guid.NewGuid():N}"[..40]);
        await container.CreateIfNotExistsAsync();
        var storage = new AzureBlobGrainStorage("bench", new AzureBlobGrainStorageOptions { BlobServiceClient = client, ContainerName = container.Name }, container, activators, NullLogger<AzureBlobGrainStorage>.Instance);
        var upgrades = new StateSchemaUpgrades();

        // Alternate which path runs first each round.
        Cell baseline = default, provider = default;
        for (var pass = 0; pass < 2; pass++)
        {
            if ((pass + round) % 2 == 0)
            {
                baseline = await MeasureAsync(writers, duration, async w =>
                {
                    var state = new BenchState { Count = w };
                    var blob = container.GetBlobClient($"plain/{w}.json");
                    return async () =>
                    {
                        state.Count++;
                        await blob.UploadAsync(BinaryData.FromBytes(StateDocument.Serialize(state, ReactorJson.Options, upgrades)), overwrite: true);
                        return 1;
                    };
                });
            }
            else
            {
                provider = await MeasureAsync(writers, duration, w =>
                {
                    var id = GrainId.Create("bench", $"writer-{w}");
                    var state = new GrainState<BenchState>(new BenchState());
                    return Task.FromResult<Func<Task<int>>>(async () =>
                    {
                        state.State!.Count++;
                        await storage.WriteStateAsync(StateName, id, state);
                        return 1;
                    });
                });
            }
        }

        return (provider, baseline);
    }

    private static async Task<(Cell Provider, Cell Baseline)> DecisionAppendsAsync(BlobServiceClient client, int writers, int batch, TimeSpan duration, int round)
    {
        var container = $"bench-decisions-{round}-{Guid.NewGuid():N}"[..40];
        var log = new AzureBlobDecisionLog(
            Options.Create(new AzureBlobDecisionLogOptions { BlobServiceClient = client, ContainerName = container }),
            new ServiceCollection().BuildServiceProvider(),
            NullLogger<AzureBlobDecisionLog>.Instance);
        var plain = client.GetBlobContainerClient(container + "p");
        await plain.CreateIfNotExistsAsync();
        var decidedAt = DateTimeOffset.UtcNow;

        Cell baseline = default, provider = default;
        for (var pass = 0; pass < 2; pass++)
        {
            if ((pass + round) % 2 == 0)
            {
                baseline = await MeasureAsync(writers, duration, async w =>
                {
                    var blob = plain.GetAppendBlobClient($"plain/{w}.jsonl");
                    await blob.CreateIfNotExistsAsync();
                    var sequence = 0L;
                    return async () =>
                    {
                        var records = Batch("BenchGrain", $"entity-{w}", ref sequence, batch, decidedAt);
                        using var content = new MemoryStream(DecisionLines.Serialize("BenchGrain", $"entity-{w}", records));
                        await blob.AppendBlockAsync(content);
                        return records.Count;
                    };
                });
            }
            else
            {
                provider = await MeasureAsync(writers, duration, w =>
                {
                    var sequence = 0L;
                    return Task.FromResult<Func<Task<int>>>(async () =>
                    {
                        var records = Batch("BenchGrain", $"entity-{w}", ref sequence, batch, decidedAt);
                        await log.AppendAsync("BenchGrain", $"entity-{w}", records);
                        return records.Count;
                    });
                });
            }
        }

        return (provider, baseline);
    }

    private static List<DecisionRecord> Batch(string entityType, string entityId, ref long sequence, int count, DateTimeOffset decidedAt)
    {
        var records = new List<DecisionRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var position = new LogPosition("bench", 0, sequence++);
            records.Add(new DecisionRecord
            {
                Id = DecisionRecord.CreateId(entityType, entityId, "bench-rule", 1, position),
                EntityType = entityType,
                EntityId = entityId,
                RuleId = "bench-rule",
                RuleVersion = 1,
                TriggerEventId = $"evt-{position.Offset}",
                TriggerEventType = "bench.added",
                TriggerPosition = position,
                StateVersion = position.Offset + 1,
                EventTime = decidedAt,
                DecidedAt = decidedAt,
                Actions = [new ActionRecord("emit", "bench-actions", $"{entityId}/{position.Offset}", "{\"amount\":1}", ActionOutcome.Succeeded)],
            });
        }

        return records;
    }

    /// <summary>Runs one operation loop per writer for the duration; returns items/s and the p99 operation latency.</summary>
    private static async Task<Cell> MeasureAsync(int writers, TimeSpan duration, Func<int, Task<Func<Task<int>>>> createWriter)
    {
        var operations = await Task.WhenAll(Enumerable.Range(0, writers).Select(createWriter));
        foreach (var operation in operations)
        {
            await operation(); // warm-up: creates blobs, opens connections
        }

        var latencies = new List<double>[writers];
        var items = new long[writers];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                items[w] += await operations[w]();
                latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Cell(items.Sum() / elapsed, all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)]);
    }

    private static async Task<long> RequestsPerThousandEventsAsync(string connectionString, int entities, int eventsPerEntity)
    {
        var counter = new RequestCounter();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var container = $"bench-{entities}-{Guid.NewGuid():N}"[..30];
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
            silo.AddReactor(r => r.AddEventType<BenchAdded>("bench.added").UseInMemoryDeadLetters().Configure(o => o.FlushInterval = TimeSpan.FromMinutes(10)));
            silo.AddReactorInProcessSource(o => o.PartitionsPerTopic = 8);
            silo.AddAzureBlobGrainStorage("reactor", o => (o.ConnectionString, o.ContainerName) = (connectionString, container + "-s"));
            silo.AddAzureBlobDecisionLog(o => (o.ConnectionString, o.ContainerName) = (connectionString, container + "-d"));
            silo.Services.PostConfigureAll<AzureBlobGrainStorageOptions>(o => o.ClientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry));
            silo.Services.PostConfigure<AzureBlobDecisionLogOptions>(o => o.ClientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var decoder = new CloudEventDecoder(host.Services.GetRequiredService<EventTypeRegistry>());

        // Containers exist before counting: creating them is a one-time cost, not a per-event one.
        var blobs = new BlobServiceClient(connectionString);
        await blobs.GetBlobContainerClient(container + "-s").CreateIfNotExistsAsync();
        await blobs.GetBlobContainerClient(container + "-d").CreateIfNotExistsAsync();
        var before = counter.Count;

        // Amounts large enough that each entity's rule fires once, so every flush carries one decision.
        var amount = 2_000_000 / eventsPerEntity;
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), async (entity, _) =>
        {
            var key = $"e-{entity}";
            var grain = grains.GetGrain<IBenchCounterGrain>(key);
            for (var i = 0; i < eventsPerEntity; i++)
            {
                var json = CloudEventJson.Encode($"{entity}-{i}", "/bench", "bench.added", key, DateTimeOffset.UtcNow, System.Text.Json.JsonSerializer.SerializeToElement(new BenchAdded(amount), ReactorJson.Options));
                var envelope = decoder.Decode(json, key, new LogPosition("bench", entity % 8, i), DateTimeOffset.UtcNow).Envelope!;
                await grain.Deliver(envelope);
            }

            // One flush per entity, as a checkpoint or the flush interval would do.
            await grain.FlushAsync();
        });
        var requests = counter.Count - before;
        await host.StopAsync();
        return requests * 1_000 / (entities * eventsPerEntity);
    }

    private static (Cell Provider, Cell Baseline) Median(List<(Cell Provider, Cell Baseline)> rounds) =>
        rounds.OrderBy(r => r.Provider.Rate / r.Baseline.Rate).ElementAt(rounds.Count / 2);

    /// <summary>One measured cell.</summary>
    /// <param name="Rate">Items per second.</param>
    /// <param name="P99">The 99th percentile latency of one operation, in milliseconds.</param>
    private readonly record struct Cell(double Rate, double P99);
}
