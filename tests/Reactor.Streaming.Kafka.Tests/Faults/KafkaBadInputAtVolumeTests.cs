using Confluent.Kafka;
using Reactor.Streaming.Kafka.Tests.Delivery;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Faults;

/// <summary>Thousands of malformed events of every kind mixed into valid traffic: each is dead-lettered with its reason, the valid ones all apply.</summary>
public sealed class KafkaBadInputAtVolumeTests : IDisposable
{
    private const int BadPerKind = 2_000;

    private readonly TempDirectory _data = new("kafka-bad-input");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Ten_thousand_malformed_events_mixed_into_valid_traffic_are_each_dead_lettered_and_every_valid_event_applies()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var valid = KafkaDeliveryTests.Produce(500, 10_000, seed: 41);
        var validMessages = valid.SelectMany(e => e.Value.Select(amount => new Message<string?, byte[]>
        {
            Key = e.Key,
            Value = TestCloudEvents.Create(CounterEntity.IncrementType, e.Key, new Increment(amount)).ToArray(),
        })).ToList();
        var badMessages = BadKinds.SelectMany(kind => Enumerable.Range(0, BadPerKind).Select(i => kind.Create($"e-{i % 500}", i))).ToList();

        // Interleave one bad event after every valid one while both last; each entity's valid events keep their order.
        var mixed = validMessages.Zip(badMessages, (good, bad) => new[] { good, bad }).SelectMany(pair => pair)
            .Concat(validMessages.Skip(badMessages.Count)).Concat(badMessages.Skip(validMessages.Count));
        await ProduceAllAsync(broker.BootstrapServers, mixed);

        await KafkaDeliveryTests.AssertStatesAsync(cluster, valid);
        var deadLetters = KafkaTestCluster.ReadDeadLetters(broker.BootstrapServers, expected: BadKinds.Length * BadPerKind);
        var byReason = deadLetters.GroupBy(d => Header(d, "reactor-dlq-reason"), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var kind in BadKinds)
        {
            Assert.Equal(BadPerKind, byReason.GetValueOrDefault(kind.Reason));
        }

        Assert.Equal(BadKinds.Length * BadPerKind, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrEmpty(Header(d, "reactor-dlq-offset"))));
        Assert.Equal(BadKinds.Length * BadPerKind, deadLetters.Select(d => (Header(d, "reactor-dlq-partition"), Header(d, "reactor-dlq-offset"))).Distinct().Count());
    }

    private static readonly BadKind[] BadKinds =
    [
        new("InvalidEnvelope", (key, i) => new() { Key = key, Value = System.Text.Encoding.UTF8.GetBytes($"{{\"specversion\":\"1.0\",\"id\":{i}") }),
        new("UnknownType", (key, i) => new() { Key = key, Value = TestCloudEvents.Create("test.kafka.never-registered", key, new Increment(i)).ToArray() }),
        new("MissingEntityId", (_, i) => new() { Key = null, Value = System.Text.Encoding.UTF8.GetBytes($"{{\"specversion\":\"1.0\",\"id\":\"m-{i}\",\"source\":\"/t\",\"type\":\"{CounterEntity.IncrementType}\",\"data\":{{\"amount\":1}}}}") }),
        new("UndecodablePayload", (key, i) => new() { Key = key, Value = TestCloudEvents.Create(CounterEntity.IncrementType, key, new { amount = "lots-" + i }).ToArray() }),
        new("HandlerFailed", (key, i) => new() { Key = key, Value = TestCloudEvents.Create(CounterEntity.ExplodeType, key, new Explode("boom-" + i)).ToArray() }),
    ];

    private static async Task ProduceAllAsync(string bootstrapServers, IEnumerable<Message<string?, byte[]>> messages)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        foreach (var message in messages)
        {
            producer.Produce(CounterEntity.Topic, message);
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        await Task.CompletedTask;
    }

    private static string Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.UTF8.GetString(value) : string.Empty;

    private sealed record BadKind(string Reason, Func<string, int, Message<string?, byte[]>> Create);
}
