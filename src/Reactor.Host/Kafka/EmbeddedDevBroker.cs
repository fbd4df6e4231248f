using Reactor.DevBroker;

namespace Reactor.Host.Kafka;

/// <summary>
/// Runs Reactor's dev broker inside the host (embedded profile only). It starts before the silo and stops when the
/// host's services are disposed: after the silo, and after the egress and dead-letter producers (created later, so
/// disposed earlier), which would otherwise log failed reconnects to a broker gone before them.
/// </summary>
internal sealed class EmbeddedDevBroker(DevBrokerOptions options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private KafkaDevBroker? _broker;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _broker = await KafkaDevBroker.StartAsync(options, loggerFactory, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
