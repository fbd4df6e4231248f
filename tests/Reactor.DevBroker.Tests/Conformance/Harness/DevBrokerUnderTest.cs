namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>
/// A DevBroker on an ephemeral loopback port with its own data directory, which a test can restart in place
/// (StopAsync, then StartAsync on the same directory and port) to check that nothing acknowledged is lost.
/// </summary>
internal sealed class DevBrokerUnderTest : IAsyncDisposable
{
    private readonly string _rootDirectory;
    private readonly string _dataDirectory;
    private readonly Action<DevBrokerOptions>? _configure;
    private KafkaDevBroker? _broker;
    private int _port;

    private DevBrokerUnderTest(string rootDirectory, Action<DevBrokerOptions>? configure)
    {
        _rootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        _configure = configure;
    }

    public string BootstrapServers => $"127.0.0.1:{_port}";

    public int Port => _port;

    public string DataDirectory => _dataDirectory;

    /// <summary>The test's own directory; the broker's data directory is its only child, so anything else here escaped it.</summary>
    public string RootDirectory => _rootDirectory;

    public KafkaDevBroker Broker => _broker ?? throw new InvalidOperationException("The broker is stopped.");

    public static async Task<DevBrokerUnderTest> StartAsync(Action<DevBrokerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "reactor-conformance-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var host = new DevBrokerUnderTest(dir, configure);
        await host.StartOnAsync(port: 0);
        return host;
    }

    /// <summary>Stops the broker and starts a new one on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartOnAsync(_port);
    }

    public async Task StopAsync()
    {
        if (_broker is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _broker.StopAsync(timeout.Token);
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_rootDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }
        }
    }

    private async Task StartOnAsync(int port)
    {
        var options = new DevBrokerOptions
        {
            Host = "127.0.0.1",
            Port = port,
            DataDirectory = _dataDirectory,
            AutoCreateTopics = true,
            DefaultPartitions = 4,
        };
        _configure?.Invoke(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _broker = await KafkaDevBroker.StartAsync(options, loggerFactory: null, timeout.Token);
        _port = _broker.Port;
    }
}
