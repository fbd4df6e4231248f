using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reactor.Abstractions;
using Reactor.Benchmarks.Kafka;
using Reactor.Benchmarks.Streams;
using Reactor.Runtime.Events;

namespace Reactor.Benchmarks.LocalDisk;

/// <summary>
/// What local-disk storage costs per 1,000 events (write system calls, bytes passed to them, bytes sent to the storage
/// layer) for a hot mix (few entities, many events each) and a cold one (one event per entity), through entity grains
/// with local-disk state and decision log that each flush once; against the hand-written consumer's state writes for
/// the same events in the same run (one file per entity: temporary file, fsync, rename; no decision records).
/// </summary>
internal static class LocalDiskCostShape
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = ScenarioArguments.Int(args, "--events", 10_000);
        var root = Path.Combine(Path.GetTempPath(), "reactor-bench-cost-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"localdisk-cost: {events:N0} events per mix, local disk (fsync on), counters from /proc/self/io, {Environment.ProcessorCount} cores"));
            Console.WriteLine();
            Console.WriteLine("| mix | path | events | write calls / 1,000 events | bytes passed to write / 1,000 events | bytes to storage / 1,000 events | ratio (bytes to storage) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var (mix, entities) in new[] { ("hot", 10), ("cold", events) })
            {
                var perEntity = events / entities;
                var baseline = HandWritten(Path.Combine(root, mix + "-hand"), entities, perEntity);
                var reactor = await ReactorAsync(Path.Combine(root, mix + "-reactor"), entities, perEntity);
                var label = string.Create(CultureInfo.InvariantCulture, $"{mix}: {entities:N0} entities x {perEntity:N0}");
                Console.WriteLine(Row(label, "hand-written state files (baseline)", entities * perEntity, baseline, baseline));
                Console.WriteLine(Row(label, "Reactor: local-disk state + decision log", entities * perEntity, reactor, baseline));
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string Row(string mix, string path, int events, ProcessIo io, ProcessIo baseline) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {mix} | {path} | {events:N0} | {io.WriteCalls * 1000.0 / events:N0} | {io.BytesPassed * 1000.0 / events:N0} | {io.BytesToStorage * 1000.0 / events:N0} | {(double)io.BytesToStorage / Math.Max(1, baseline.BytesToStorage):F2} |");

    private static ProcessIo HandWritten(string directory, int entities, int eventsPerEntity)
    {
        Directory.CreateDirectory(directory);
        var before = ProcessIo.Read();
        var amount = 2_000_000 / eventsPerEntity;
        for (var entity = 0; entity < entities; entity++)
        {
            var state = new BenchCounter();
            for (var i = 0; i < eventsPerEntity; i++)
            {
                state.Count++;
                state.Sum += amount;
            }

            HandWrittenConsumer.WriteState(directory, "e-" + entity.ToString(CultureInfo.InvariantCulture), HandWrittenConsumer.Serialize(state));
        }

        return ProcessIo.Read() - before;
    }

    private static async Task<ProcessIo> ReactorAsync(string directory, int entities, int eventsPerEntity)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ScenarioArguments.FreePort(), ScenarioArguments.FreePort());
            silo.AddReactor(r => r.AddEventType<BenchAdded>(FreshnessAtLoads.EventType).UseInMemoryDeadLetters().Configure(o => o.FlushInterval = TimeSpan.FromMinutes(10)));
            silo.AddReactorInProcessSource(o => o.PartitionsPerTopic = 8);
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(directory, "state"));
            silo.AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(directory, "decisions"));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var decoder = new CloudEventDecoder(host.Services.GetRequiredService<EventTypeRegistry>());
        var before = ProcessIo.Read();

        // Amounts large enough that each entity's rule fires once, so every flush carries one decision, as in the
        // Azure Blob cost shape.
        var amount = 2_000_000 / eventsPerEntity;
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), async (entity, _) =>
        {
            var key = "e-" + entity.ToString(CultureInfo.InvariantCulture);
            var grain = grains.GetGrain<IBenchCounterGrain>(key);
            for (var i = 0; i < eventsPerEntity; i++)
            {
                var json = CloudEventJson.Encode(string.Create(CultureInfo.InvariantCulture, $"{entity}-{i}"), "/bench", FreshnessAtLoads.EventType, key, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new BenchAdded(amount), ReactorJson.Options));
                var envelope = decoder.Decode(json, key, new LogPosition("bench", entity % 8, i), DateTimeOffset.UtcNow).Envelope!;
                await grain.Deliver(envelope);
            }

            await grain.FlushAsync();
        });
        var io = ProcessIo.Read() - before;
        await host.StopAsync();
        return io;
    }
}
