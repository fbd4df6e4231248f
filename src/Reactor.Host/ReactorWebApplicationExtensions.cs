using Reactor.Host.Health;
using Reactor.Host.Http;

namespace Reactor.Host;

/// <summary>Adds the host's HTTP side: where it listens, and its health routes.</summary>
public static class ReactorWebApplicationExtensions
{
    /// <summary>Adds the HTTP services: the default listening address of the demo, health checks and the start-up address report.</summary>
    /// <param name="builder">The web application builder, after <see cref="ReactorHostBuilderExtensions.AddReactorHost"/>.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddReactorHttp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseDemoUrlUnlessConfigured();
        var services = builder.Services;
        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        services.AddReactorHealthChecks();
        services.AddHostedService<ListeningAddressReporter>();
        return builder;
    }

    /// <summary>Maps the host's routes: <c>/health/live</c>, <c>/health/ready</c> and <c>/health/startup</c>.</summary>
    /// <param name="app">The built web application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapReactorHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapReactorHealth();
        return app;
    }
}
