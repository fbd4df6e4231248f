using Reactor.DevBroker;

namespace Reactor.Host.Kafka;

/// <summary>Runs Reactor's dev broker inside the host (embedded profile only). It starts before the silo and stops after it.</summary>
internal sealed class EmbeddedDevBroker(DevBrokerOptions options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private KafkaDevBroker? _broker;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _broker = await KafkaDevBroker.StartAsync(options, loggerFactory, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_broker is not null)
        {
            await _broker.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
