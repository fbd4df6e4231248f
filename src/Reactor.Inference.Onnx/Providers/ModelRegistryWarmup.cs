using Microsoft.Extensions.Hosting;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>Loads every registered model when the host starts, so a missing file or a wrong SHA-256 stops the start-up, not the first reaction.</summary>
internal sealed class ModelRegistryWarmup(ModelRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.LoadAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
