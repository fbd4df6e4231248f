using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reactor.Host.Health;

/// <summary>Reports the silo ready once it is active in cluster membership and its stream receivers are running.</summary>
internal sealed class SiloReadyHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo, SiloReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The silo is {status} in cluster membership, not Active."));
        }

        return Task.FromResult(readiness.StreamsRunning
            ? HealthCheckResult.Healthy("The silo is active and its stream receivers are running.")
            : HealthCheckResult.Unhealthy("The silo's stream receivers are not running."));
    }
}
