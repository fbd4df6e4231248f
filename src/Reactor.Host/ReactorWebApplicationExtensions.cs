using Reactor.Host.Api;
using Reactor.Host.Dashboard;
using Reactor.Host.Health;
using Reactor.Host.Http;
using Reactor.Host.Telemetry;

namespace Reactor.Host;

/// <summary>Adds the host's HTTP side: where it listens, its health routes and the HTTP API.</summary>
public static class ReactorWebApplicationExtensions
{
    /// <summary>Adds the HTTP services: the default listening address of the demo, health checks, the start-up address report and the API.</summary>
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
        builder.AddReactorApi(ReactorHostBuilderExtensions.DemoTopics);
        builder.AddReactorTelemetry();
        services.AddReactorDashboard();
        return builder;
    }

    /// <summary>Maps the host's routes: <c>/health/live</c>, <c>/health/ready</c>, <c>/health/startup</c> (open), and the API under <c>/api</c> with its OpenAPI document and reference page (authenticated).</summary>
    /// <param name="app">The built web application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapReactorHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapReactorHealth();
        app.UseReactorApi();
        app.MapReactorMetrics();
        app.MapReactorDashboard();
        return app;
    }
}
