using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Support;

/// <summary>Runs an in-process broker on an ephemeral loopback port over a temporary data directory owned by one test.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly Action<DevBrokerOptions>? _configure;
    private readonly ILoggerFactory _loggerFactory;

    private TestBroker(string dataDirectory, Action<DevBrokerOptions>? configure, ILoggerFactory loggerFactory)
    {
        DataDirectory = dataDirectory;
        _configure = configure;
        _loggerFactory = loggerFactory;
    }

    public string DataDirectory { get; }

    public KafkaDevBroker Broker { get; private set; } = null!;

    public string BootstrapServers => Broker.BootstrapServers;

    public static async Task<TestBroker> StartAsync(ITestOutputHelper? output = null, Action<DevBrokerOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "devbroker-test-" + Guid.NewGuid().ToString("N"));
        var loggerFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            if (output is not null)
            {
                b.AddProvider(new TestOutputLoggerProvider(output));
            }
        });
        var broker = new TestBroker(directory, configure, loggerFactory);
        await broker.StartBrokerAsync(port: 0);
        return broker;
    }

    /// <summary>Stops the broker (flushing its data) and starts a new one over the same directory and port.</summary>
    public async Task RestartAsync()
    {
        var port = Broker.Port;
        await Broker.StopAsync();
        await Broker.DisposeAsync();
        await StartBrokerAsync(port);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _loggerFactory.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp directory is cleaned eventually.
        }
    }

    private async Task StartBrokerAsync(int port)
    {
        var options = new DevBrokerOptions
        {
            Port = port,
            DataDirectory = DataDirectory,
            GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(100),
        };
        _configure?.Invoke(options);
        options.Port = port;
        Broker = await KafkaDevBroker.StartAsync(options, _loggerFactory);
    }
}
