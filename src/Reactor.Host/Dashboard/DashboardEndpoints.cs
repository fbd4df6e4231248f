using Reactor.Abstractions;
using Reactor.Host.Api.Auth;
using Reactor.Runtime.Metrics;

namespace Reactor.Host.Dashboard;

/// <summary>Serves the dashboard page at <c>/</c> and the data it polls under <c>/api/dashboard</c> (read permission).</summary>
internal static class DashboardEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Reactor.Host.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void AddReactorDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardSampler>());
    }

    public static void MapReactorDashboard(this WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(ApiClaims.ReadPolicy)
            .ExcludeFromDescription();

        var api = app.MapGroup("/api/dashboard").RequireAuthorization(ApiClaims.ReadPolicy).WithTags("Dashboard");
        api.MapGet("/stats", (DashboardSampler sampler) => sampler.Snapshot())
            .WithName("GetDashboardStats")
            .WithSummary("Reads the host's totals, consumer lag per partition and the last five minutes, one sample a second.");
        api.MapGet("/decisions", (ReactorMetrics metrics) => metrics.RecentDecisions.Reverse().ToList())
            .WithName("GetRecentDecisions")
            .WithSummary("Lists the latest decisions made in this host, newest first.")
            .Produces<List<DecisionRecord>>();
    }
}
