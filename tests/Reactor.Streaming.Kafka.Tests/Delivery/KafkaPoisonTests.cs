using Confluent.Kafka;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>Poison events go to the dead-letter topic with their reasons and never block their partition.</summary>
public sealed class KafkaPoisonTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-poison");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Poison_events_land_in_the_dead_letter_topic_with_reasons_and_the_partition_keeps_flowing()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        await using var cluster = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        // Records rejected by the receiver keep their original value; events an entity rejects keep the event's data,
        // which is what the envelope carries (for structured-mode records, the CloudEvent's data member).
        var poison = new (string Reason, Message<string?, byte[]> Message)[]
        {
            ("InvalidEnvelope", new() { Key = "p-1", Value = "{\"specversion\":\"1.0\",\"id\":"u8.ToArray() }),
            ("UnknownType", new() { Key = "p-1", Value = TestCloudEvents.Create("test.kafka.never-registered", "p-1", new Increment(1)).ToArray() }),
            ("MissingEntityId", new() { Key = null, Value = System.Text.Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"test.kafka.increment\",\"data\":{\"amount\":1}}") }),
            ("UndecodablePayload", new() { Key = "p-1", Value = TestCloudEvents.Create(CounterEntity.IncrementType, "p-1", new { amount = "lots" }).ToArray() }),
            ("HandlerFailed", new() { Key = "p-1", Value = TestCloudEvents.Create(CounterEntity.ExplodeType, "p-1", new Explode("boom")).ToArray(), Headers = new Headers { { "x-origin", "poison-test"u8.ToArray() } } }),
        };

        await KafkaTestCluster.ProduceRawAsync(broker.BootstrapServers, poison.Select(p => p.Message));
        await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, [("p-1", 7)]);

        var counter = cluster.Client.GetGrain<ICounterGrain>("p-1");
        await Eventually.Until("the valid event after the poison ones is applied", async () => (await counter.GetSnapshotAsync()).StateVersion == 1);
        var deadLetters = KafkaTestCluster.ReadDeadLetters(broker.BootstrapServers, expected: poison.Length);
        Assert.Equal(poison.Select(p => p.Reason).Order(), deadLetters.Select(d => Header(d, "reactor-dlq-reason")).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var dataOf = new Dictionary<string, string> { ["UndecodablePayload"] = "{\"amount\":\"lots\"}", ["HandlerFailed"] = "{\"why\":\"boom\"}" };
        foreach (var (reason, message) in poison)
        {
            var deadLetter = deadLetters.Single(d => string.Equals(Header(d, "reactor-dlq-reason"), reason, StringComparison.OrdinalIgnoreCase));
            var expectedValue = dataOf.TryGetValue(reason, out var data) ? System.Text.Encoding.UTF8.GetBytes(data) : message.Value;
            Assert.Equal(expectedValue, deadLetter.Message.Value);
            Assert.Equal(CounterEntity.Topic, Header(deadLetter, "reactor-dlq-topic"));
            Assert.False(string.IsNullOrEmpty(Header(deadLetter, "reactor-dlq-offset")));
            Assert.False(string.IsNullOrEmpty(Header(deadLetter, "reactor-dlq-detail")));
        }

        var handlerFailure = deadLetters.Single(d => string.Equals(Header(d, "reactor-dlq-reason"), "HandlerFailed", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("boom", Header(handlerFailure, "reactor-dlq-detail"), StringComparison.Ordinal);
        Assert.Equal("poison-test", Header(handlerFailure, "x-origin"));
        Assert.Equal([7], (await counter.GetSnapshotAsync()).GetState<Counter>().Amounts);
    }

    private static string Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.UTF8.GetString(value) : string.Empty;
}
