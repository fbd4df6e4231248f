using Confluent.Kafka;
using Xunit;

namespace Reactor.DevBroker.Tests.Hosting;

public sealed class ReadmeSnippetTests
{
    // Keep in step with the library snippet in src/Reactor.DevBroker/README.md.
    [Fact]
    public async Task ReadmeSnippet_ProducesAndConsumes()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions
        {
            Port = 0,
            DataDirectory = null,
        });

        using var producer = new ProducerBuilder<string, string>(
            new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
        await producer.ProduceAsync("orders", new Message<string, string> { Key = "order-1", Value = "created" });

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "readme",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("orders");
        var result = consumer.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(result);
        Assert.Equal("order-1", result.Message.Key);
        Assert.Equal("created", result.Message.Value);
        consumer.Close();
    }
}
