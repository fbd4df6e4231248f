using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Reactor.Host.Health;

/// <summary>Registers and maps the Kubernetes-style health routes, which need no authentication.</summary>
internal static class HealthEndpoints
{
    private const string StartupTag = "startup";
    private const string ReadyTag = "ready";

    /// <summary>Adds the health checks behind the routes.</summary>
    public static IServiceCollection AddReactorHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StartedHealthCheck>("host", tags: [StartupTag, ReadyTag])
            .AddCheck<SiloReadyHealthCheck>("silo", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers), <c>/health/startup</c> (every hosted service has started) and
    /// <c>/health/ready</c> (started, the silo active in membership and its stream receivers running); 503 when not.
    /// </summary>
    public static IEndpointRouteBuilder MapReactorHealth(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints, "/health/live", null);
        Map(endpoints, "/health/startup", StartupTag);
        Map(endpoints, "/health/ready", ReadyTag);
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, string path, string? tag) =>
        endpoints.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = registration => tag is not null && registration.Tags.Contains(tag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
}
