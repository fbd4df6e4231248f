using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reactor.Runtime.Sources;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Samples.Service.Tests;

/// <summary>A one-silo Reactor cluster of the commerce sample on loopback ports, which Orleans clients reach over TCP.</summary>
internal sealed class LoopbackSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private LoopbackSilo(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public InProcessEventSource Source => _host.Services.GetRequiredService<InProcessEventSource>();

    public static async Task<LoopbackSilo> StartAsync()
    {
        var gatewayPort = LoopbackPorts.Free();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(LoopbackPorts.Free(), gatewayPort);
            silo.AddReactor(r => r.AddCommerceEventTypes().UseInMemoryDeadLetters());
            silo.AddReactorInProcessSource();
            silo.AddMemoryGrainStorage("reactor");
        });
        var host = builder.Build();
        await host.StartAsync();
        return new LoopbackSilo(host, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
