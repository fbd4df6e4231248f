using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Reactor.Host.Api.Auth;
using Reactor.Host.Configuration;

namespace Reactor.Host.Http;

/// <summary>Prints where the host answers HTTP once it has started, so a user of the demo knows what to open.</summary>
internal sealed partial class ListeningAddressReporter(
    IServer server,
    IHostApplicationLifetime lifetime,
    ApiKeyStore keys,
    IOptions<ApiHostOptions> api,
    ILogger<ListeningAddressReporter> logger,
    DemoApiKey? demoKey = null,
    TextWriter? output = null) : IHostedService
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
            _output.WriteLine($"Reactor HTTP on {address} (health: {address}/health/ready, API reference: {address}/api/reference)");
        }

        if (demoKey is not null && addresses.Count > 0)
        {
            // The console only, like a notebook server's token: a throwaway key of this run, never sent to the logs.
            _output.WriteLine($"Dashboard: {addresses.First()}/signin?key={demoKey.Key} (a key generated for this run; set Reactor:Api:Keys to choose your own)");
        }
        else if (keys.IsEmpty && !api.Value.Jwt.Enabled)
        {
            LogNoCredentials(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The HTTP API has no credentials configured, so it refuses every request but the health routes: set Reactor:Api:Keys or Reactor:Api:Jwt")]
    private static partial void LogNoCredentials(ILogger logger);
}
