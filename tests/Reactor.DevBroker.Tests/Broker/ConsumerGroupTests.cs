using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class ConsumerGroupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Group_CommitThenBrokerRestart_ResumesFromCommittedOffsetsWithoutLoss()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("resume");
        var group = Clients.Unique("g");
        await CreateTopicAsync(broker.BootstrapServers, topic, 3);
        var all = await ProduceKeyedAsync(broker.BootstrapServers, topic, 0, 300);

        var firstRun = new HashSet<string>();
        using (var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group)).Build())
        {
            consumer.Subscribe(topic);
            foreach (var result in ProduceConsumeTests.ConsumeN(consumer, 150))
            {
                firstRun.Add(result.Message.Value);
            }

            consumer.Commit();
            consumer.Close();
        }

        await broker.RestartAsync();
        all.AddRange(await ProduceKeyedAsync(broker.BootstrapServers, topic, 300, 100));

        var expected = all.Except(firstRun).ToHashSet();
        var secondRun = new List<string>();
        using (var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group)).Build())
        {
            consumer.Subscribe(topic);
            secondRun.AddRange(ProduceConsumeTests.ConsumeN(consumer, expected.Count).Select(r => r.Message.Value));
            consumer.Close();
        }

        Assert.Equal(secondRun.Count, secondRun.Distinct().Count());
        Assert.Equal(expected.Order(), secondRun.Order());
    }

    [Fact]
    public async Task Group_OfThreeWithOneLeavingMidway_SeesEveryMessageInPerKeyOrder_DuplicatesOnlyAfterLastCommit()
    {
        const int total = 100_000;
        const int keys = 1_000;
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("rebalance");
        var group = Clients.Unique("g");
        await CreateTopicAsync(broker.BootstrapServers, topic, 8);

        var config = Clients.Producer(broker.BootstrapServers);
        config.LingerMs = 10;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            var payload = new string('x', 80);
            for (var i = 0; i < total; i++)
            {
                var key = $"k{i % keys}";
                producer.Produce(topic, new Message<string, string> { Key = key, Value = $"{i / keys}:{payload}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }

        var seen = new ConcurrentDictionary<(int Partition, long Offset), (string Key, int Sequence)>();
        var committed = new ConcurrentDictionary<int, long>();
        var violations = new ConcurrentQueue<string>();
        using var allSeen = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var leaveSignal = new CancellationTokenSource();

        Task RunConsumer(int id, CancellationToken leave) => Task.Factory.StartNew(
            () =>
            {
                using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group))
                    .SetPartitionsRevokedHandler((c, revoked) => CommitPositions(c, revoked.Select(r => r.TopicPartition)))
                    .Build();
                consumer.Subscribe(topic);
                var sinceCommit = 0;
                while (!allSeen.IsCancellationRequested && !leave.IsCancellationRequested && seen.Count < total)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                    if (result?.Message is null)
                    {
                        continue;
                    }

                    var position = (result.Partition.Value, result.Offset.Value);
                    var sequence = int.Parse(result.Message.Value.AsSpan(0, result.Message.Value.IndexOf(':', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                    if (!seen.TryAdd(position, (result.Message.Key, sequence)))
                    {
                        var lastCommit = committed.GetValueOrDefault(position.Item1, -1);
                        if (position.Item2 < lastCommit)
                        {
                            violations.Enqueue($"consumer {id} re-read {position} below the committed offset {lastCommit}");
                        }
                    }

                    if (++sinceCommit >= 500)
                    {
                        sinceCommit = 0;
                        CommitPositions(consumer, consumer.Assignment);
                    }
                }

                CommitPositions(consumer, consumer.Assignment);
                consumer.Close();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        void CommitPositions(IConsumer<string, string> consumer, IEnumerable<TopicPartition> partitions)
        {
            var offsets = partitions
                .Select(tp => new TopicPartitionOffset(tp, consumer.Position(tp)))
                .Where(tpo => tpo.Offset.Value >= 0)
                .ToList();
            if (offsets.Count == 0)
            {
                return;
            }

            try
            {
                consumer.Commit(offsets);
                foreach (var offset in offsets)
                {
                    committed.AddOrUpdate(offset.Partition.Value, offset.Offset.Value, (_, old) => Math.Max(old, offset.Offset.Value));
                }
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                // A commit refused during a rebalance: those messages may be re-read, which the check allows.
            }
        }

        var stayers = new[] { RunConsumer(1, CancellationToken.None), RunConsumer(2, CancellationToken.None) };
        var leaver = RunConsumer(3, leaveSignal.Token);
        await Wait.UntilAsync(() => seen.Count >= total / 3, "a third of the messages to be consumed before one member leaves", TimeSpan.FromSeconds(90));
        await leaveSignal.CancelAsync();
        await leaver.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(stayers).WaitAsync(TimeSpan.FromSeconds(150));

        Assert.Empty(violations);
        Assert.Equal(total, seen.Count);
        foreach (var byKey in seen.GroupBy(s => s.Value.Key))
        {
            var partitions = byKey.Select(s => s.Key.Partition).Distinct().ToList();
            Assert.Single(partitions);
            var sequences = byKey.OrderBy(s => s.Key.Offset).Select(s => s.Value.Sequence).ToList();
            Assert.Equal(Enumerable.Range(0, total / keys), sequences);
        }
    }

    internal static async Task CreateTopicAsync(string bootstrap, string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(Clients.Admin(bootstrap)).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    internal static async Task<List<string>> ProduceKeyedAsync(string bootstrap, string topic, int start, int count)
    {
        using var producer = new ProducerBuilder<string, string>(Clients.Producer(bootstrap)).Build();
        var values = new List<string>();
        var deliveries = new List<Task<DeliveryResult<string, string>>>();
        for (var i = start; i < start + count; i++)
        {
            var value = $"m{i}";
            values.Add(value);
            deliveries.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i % 17}", Value = value }));
        }

        foreach (var delivery in await Task.WhenAll(deliveries))
        {
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }

        return values;
    }
}
