using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>librdkafka's built-in mock cluster (<c>test.mock.num.brokers=1</c>), alive while the client that owns it is.</summary>
internal sealed partial class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;

    private MockKafkaCluster(IProducer<byte[], byte[]> owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<MockKafkaCluster> StartAsync()
    {
        var bootstrap = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "unused:9092" };
        config.Set("test.mock.num.brokers", "1");
        var owner = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, message) =>
            {
                // The mock logs the loopback address that replaces the configured bootstrap servers.
                if (MockAddress().Match(message.Message) is { Success: true } match)
                {
                    bootstrap.TrySetResult(match.Groups[1].Value);
                }
            })
            .Build();
        try
        {
            return new MockKafkaCluster(owner, await bootstrap.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner.Dispose();

    [GeneratedRegex(@"replaced with (127\.0\.0\.1:\d+)")]
    private static partial Regex MockAddress();
}
