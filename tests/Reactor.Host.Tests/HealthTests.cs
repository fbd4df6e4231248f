using System.Globalization;
using System.Net;
using System.Text.Json;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>The health routes Kubernetes probes: open to anyone, ready once the silo is active and reading its streams.</summary>
public sealed class HealthTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Health_routes_answer_without_credentials_and_ready_reports_the_silo_and_its_streams()
    {
        using var directory = new TempDirectory("host-health");
        await using var host = HostProcess.Start(directory.Path, null, [.. PortArgs(), "--demo", "false"]);
        using var http = await host.WaitForHttpAsync(StartTimeout);

        var (liveStatus, live) = await GetAsync(http, "/health/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        var (startupStatus, startup) = await GetAsync(http, "/health/startup");
        Assert.Equal(HttpStatusCode.OK, startupStatus);
        Assert.Equal("Healthy", startup.GetProperty("checks").GetProperty("host").GetProperty("status").GetString());

        JsonElement ready = default;
        await Eventually.Until("/health/ready to answer 200", async () =>
        {
            (var status, ready) = await GetAsync(http, "/health/ready");
            return status == HttpStatusCode.OK;
        }, StartTimeout);
        var silo = ready.GetProperty("checks").GetProperty("silo");
        Assert.Equal("Healthy", silo.GetProperty("status").GetString());
        Assert.Contains("stream receivers are running", silo.GetProperty("description").GetString(), StringComparison.Ordinal);

        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task Http_port_comes_from_ASPNETCORE_HTTP_PORTS_as_in_a_container()
    {
        using var directory = new TempDirectory("host-http-ports");
        var port = HostProcess.FreePort();
        var environment = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture) };
        await using var host = HostProcess.Start(directory.Path, environment, [.. PortArgs(), "--demo", "false"]);
        await host.WaitForHttpAsync(StartTimeout);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var (status, _) = await GetAsync(http, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(host.Output, l => l.StartsWith("Reactor HTTP on", StringComparison.Ordinal) && l.Contains($":{port}", StringComparison.Ordinal));
    }

    internal static string[] PortArgs() =>
    [
        "--silo-port", Port(),
        "--gateway-port", Port(),
        "--broker-port", Port(),
    ];

    private static string Port() => HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, json.RootElement.Clone());
    }
}
