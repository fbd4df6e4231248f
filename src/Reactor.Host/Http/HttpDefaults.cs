namespace Reactor.Host.Http;

/// <summary>Chooses where the host listens for HTTP when nothing configures it.</summary>
internal static class HttpDefaults
{
    /// <summary>The demo's address: a loopback port clear of the dev broker (9092), the silo (11111) and the gateway (30000).</summary>
    public const string DemoUrl = "http://localhost:8080";

    /// <summary>
    /// Listens on <see cref="DemoUrl"/> unless the standard settings say otherwise: <c>urls</c> (<c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>), <c>http_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, which container images set),
    /// <c>https_ports</c> or <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static WebApplicationBuilder UseDemoUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(DemoUrl);
        }

        return builder;
    }
}
