using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Providers;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Direct delivery reaches only entities, so a topic that a grain of the application's own also subscribes to goes through
/// stream subscriptions: both the entities and that grain receive every event, while topics only entities react to are
/// still delivered directly.
/// </summary>
public sealed class KafkaMixedSubscribersTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-mixed");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_topic_a_plain_grain_also_subscribes_to_reaches_both_it_and_the_entities()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(
            broker.BootstrapServers,
            _data.Path,
            configure: o => o.Topics.Add(new KafkaTopicOptions { Name = MixedTopic.Name, Partitions = 2 }));

        var expected = KafkaDeliveryTests.Produce(20, 400, seed: 31);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true }).Build())
        {
            foreach (var (id, amounts) in expected)
            {
                foreach (var amount in amounts)
                {
                    var json = TestCloudEvents.Create(CounterEntity.IncrementType, id, new Increment(amount)).ToArray();
                    producer.Produce(MixedTopic.Name, new Message<string, byte[]> { Key = id, Value = json });
                }
            }

            producer.Flush(TimeSpan.FromMinutes(1));
        }

        await Eventually.Until("every entity and its watcher to have every event", async () =>
        {
            foreach (var (id, amounts) in expected)
            {
                var state = (await cluster.Client.GetGrain<IMixedCounterGrain>(id).GetSnapshotAsync()).GetState<Counter>();
                var seen = await cluster.Client.GetGrain<IMixedTopicWatcherGrain>(id).GetSeenOffsetsAsync();
                if (state.Amounts.Count < amounts.Count || seen.Count < amounts.Count)
                {
                    return false;
                }
            }

            return true;
        });

        foreach (var (id, amounts) in expected)
        {
            Assert.Equal(amounts, (await cluster.Client.GetGrain<IMixedCounterGrain>(id).GetSnapshotAsync()).GetState<Counter>().Amounts);
            var seen = await cluster.Client.GetGrain<IMixedTopicWatcherGrain>(id).GetSeenOffsetsAsync();
            Assert.Equal(amounts.Count, seen.Count);
            Assert.Equal(seen.Order(), seen);
        }

        var factory = (KafkaAdapterFactory)cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IQueueAdapterFactory>("kafka");
        Assert.Equal(8, factory.Pumps.Count());
        Assert.All(factory.Pumps, p => Assert.Equal(KafkaQueueCacheOptions.DefaultMaxDeliveriesInFlight, p.Limits.MaxInFlight));
        Assert.DoesNotContain(factory.Pumps, p => p.Partition.StartsWith(MixedTopic.Name, StringComparison.Ordinal));
    }
}
