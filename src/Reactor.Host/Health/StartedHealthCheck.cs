using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reactor.Host.Health;

/// <summary>Reports the host started once every hosted service, the silo among them, has started.</summary>
internal sealed class StartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("The host has started.")
            : HealthCheckResult.Unhealthy("The host is starting."));
}
