using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reactor.Host.Api.Auth;
using Reactor.Runtime.Metrics;

namespace Reactor.Host.Telemetry;

/// <summary>
/// Adds OpenTelemetry to the host: Reactor's and Orleans' meters (Prometheus scrape endpoint, and OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), traces of Reactor, Orleans and ASP.NET Core, and logs that carry the trace id.
/// </summary>
internal static class TelemetryServices
{
    /// <summary>The meter and activity source names of Orleans.</summary>
    private const string Orleans = "Microsoft.Orleans";

    /// <summary>The route Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    public static void AddReactorTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: "reactor"))
            .WithMetrics(m => m
                .AddMeter(ReactorMetrics.MeterName, Orleans)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddSource(ReactorActivities.SourceName, Orleans + ".Application", Orleans + ".Runtime")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Metrics, traces and logs, configured by the standard OTEL_* settings (protocol, headers, interval).
            telemetry.UseOtlpExporter();
        }
    }

    public static void MapReactorMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ApiClaims.ReadPolicy);
}
