using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Reactor.TestInfrastructure;

/// <summary>librdkafka's built-in mock cluster (<c>test.mock.num.brokers=1</c>), alive while the client that owns it is.</summary>
public sealed partial class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;

    private MockKafkaCluster(IProducer<byte[], byte[]> owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Gets the loopback address other clients use to reach the mock.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a mock cluster of one broker.</summary>
    /// <returns>The running mock; dispose it to stop it.</returns>
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

    /// <inheritdoc />
    public void Dispose() => _owner.Dispose();

    [GeneratedRegex(@"replaced with (127\.0\.0\.1:\d+)")]
    private static partial Regex MockAddress();
}
