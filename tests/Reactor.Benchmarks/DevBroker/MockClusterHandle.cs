using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Reactor.Benchmarks.DevBroker;

/// <summary>
/// librdkafka's in-process mock cluster (<c>test.mock.num.brokers=1</c>), owned by an idle producer; its log line
/// "... replaced with 127.0.0.1:PORT" gives the bootstrap address the measured clients use.
/// </summary>
internal sealed partial class MockClusterHandle : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;

    private MockClusterHandle(IProducer<byte[], byte[]> owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<MockClusterHandle> StartAsync()
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
            return new MockClusterHandle(owner, await address.Task.WaitAsync(TimeSpan.FromSeconds(30)));
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
