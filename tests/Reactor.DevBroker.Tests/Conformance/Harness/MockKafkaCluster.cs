using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>
/// librdkafka's built-in mock cluster (<c>test.mock.num.brokers=1</c>), kept alive by the client that owns it.
/// Its log line "... replaced with 127.0.0.1:PORT" gives a loopback bootstrap address other clients can use.
/// </summary>
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
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "mock-bootstrap-unused:9092" };
        config.Set("test.mock.num.brokers", "1");
        var owner = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, message) =>
            {
                var match = ReplacedWith().Match(message.Message);
                if (match.Success)
                {
                    address.TrySetResult(match.Groups[1].Value);
                }
            })
            .Build();
        try
        {
            var bootstrap = await address.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new MockKafkaCluster(owner, bootstrap);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner.Dispose();

    [GeneratedRegex(@"replaced with (127\.0\.0\.1:\d+)")]
    private static partial Regex ReplacedWith();
}
