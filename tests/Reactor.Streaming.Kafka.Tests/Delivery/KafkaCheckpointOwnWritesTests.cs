using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Entities on the reading silo write on their own schedule and report their writes to the partition readers, so
/// under steady load checkpoints commit without calling them; no event is lost or applied twice.
/// </summary>
public sealed class KafkaCheckpointOwnWritesTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-own-writes");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Under_steady_load_a_partition_commits_twice_with_no_entity_asked_in_between()
    {
        long checkpointCalls = 0;
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(
            broker.BootstrapServers,
            _data.Path,
            configureSilo: silo =>
            {
                // Writes every 100 ms, checkpoints every 300 ms: each entity writes between a checkpoint and the next.
                silo.Services.Configure<ReactorOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(100));
                silo.AddIncomingGrainCallFilter(async context =>
                {
                    if (context.InterfaceMethod?.Name is nameof(IEntityGrain.CheckpointAsync) or nameof(IEntityGrain.FlushAsync))
                    {
                        Interlocked.Increment(ref checkpointCalls);
                    }

                    await context.Invoke();
                });
            });

        var expected = new Dictionary<string, List<int>>();
        using var stop = new CancellationTokenSource();
        // Few entities, each with events in every interval, so every commit has events on both sides of it.
        var producing = SteadyLoad.ProduceAsync(broker.BootstrapServers, "own", 40, seed: 11, maxEvents: 300_000, expected, stop.Token);

        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
            var callsAtStart = Interlocked.Read(ref checkpointCalls);
            var committedAtStart = await CommittedAsync(admin);
            var commitsSince = new Dictionary<int, int>();
            await Eventually.Until("a partition to commit twice while no entity was asked for a checkpoint", async () =>
            {
                Assert.False(producing.IsCompleted, "the load ended first");
                var committed = await CommittedAsync(admin);
                var calls = Interlocked.Read(ref checkpointCalls);
                if (calls != callsAtStart)
                {
                    // Someone was asked: start a new window, reading the calls before the commits it compares with.
                    callsAtStart = calls;
                    committedAtStart = await CommittedAsync(admin);
                    commitsSince.Clear();
                    return false;
                }

                foreach (var (partition, offset) in committed)
                {
                    if (offset > committedAtStart.GetValueOrDefault(partition, -1))
                    {
                        commitsSince[partition] = commitsSince.GetValueOrDefault(partition) + 1;
                        committedAtStart[partition] = offset;
                    }
                }

                return commitsSince.Values.Any(n => n >= 2);
            }, TimeSpan.FromMinutes(2));
        }
        finally
        {
            await stop.CancelAsync();
            await producing;
        }

        await KafkaDeliveryTests.AssertStatesAsync(cluster, expected);
        await Eventually.Until("the group to commit everything", async () =>
            await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) == KafkaTestCluster.HighWatermarkTotal(broker.BootstrapServers));
    }

    private static async Task<Dictionary<int, long>> CommittedAsync(IAdminClient admin)
    {
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(KafkaTestCluster.GroupId, null)]);
        return result.Single().Partitions.Where(p => p.Offset.Value > 0).ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
    }
}
