using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Reactor.Host.Http;

/// <summary>Prints where the host answers HTTP once it has started, so a user of the demo knows what to open.</summary>
internal sealed class ListeningAddressReporter(IServer server, IHostApplicationLifetime lifetime, TextWriter? output = null) : IHostedService
{
    private readonly TextWriter _output = output ?? Console.Out;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            _output.WriteLine($"Reactor HTTP on {address} (health: {address}/health/ready)");
        }
    }
}
