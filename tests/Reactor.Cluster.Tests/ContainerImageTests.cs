using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Reactor.TestInfrastructure;

namespace Reactor.Cluster.Tests;

/// <summary>
/// There is no container engine here, so the image is kept honest by its parts: the Dockerfile's own
/// <c>dotnet publish</c> line is run as written, and its output is started the way the image's entrypoint starts it.
/// </summary>
public sealed class ContainerImageTests
{
    [Fact]
    public void Dockerfile_is_multi_stage_non_root_and_health_checked_on_the_liveness_route()
    {
        var dockerfile = Dockerfile.Load();

        Assert.Equal(["${SDK_IMAGE} AS build", "${RUNTIME_IMAGE} AS runtime"], dockerfile.Instructions("FROM"));
        Assert.Equal(["$APP_UID"], dockerfile.Instructions("USER"));
        Assert.Contains("/health/live", Assert.Single(dockerfile.Instructions("HEALTHCHECK")), StringComparison.Ordinal);
        Assert.Equal("""["dotnet", "Reactor.Host.dll"]""", Assert.Single(dockerfile.Instructions("ENTRYPOINT")));
        Assert.Equal("8080", dockerfile.Environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Contains("8080", Assert.Single(dockerfile.Instructions("EXPOSE")).Split(' '));
    }

    [Fact]
    public async Task Dockerfile_publish_output_starts_as_the_image_entrypoint_and_stops_cleanly_on_SIGTERM()
    {
        var dockerfile = Dockerfile.Load();
        using var directory = new TempDirectory("container-publish");
        var output = Path.Combine(directory.Path, "app");
        var arguments = dockerfile.PublishArguments.ToList();
        arguments[arguments.IndexOf("-o") + 1] = output;

        var (exitCode, log) = await RunAsync("dotnet", arguments, RepositoryPaths.Root, TimeSpan.FromMinutes(8));
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{log}");
        Assert.True(File.Exists(Path.Combine(output, "Reactor.Host.dll")));
        Assert.False(File.Exists(Path.Combine(output, "Reactor.Host")), "UseAppHost=false: the image runs `dotnet Reactor.Host.dll`, no native launcher");

        // The image's environment, with loopback ports and a data directory of this test's own.
        var httpPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>(dockerfile.Environment)
        {
            ["ASPNETCORE_HTTP_PORTS"] = httpPort.ToString(CultureInfo.InvariantCulture),

            // Loopback only in tests; the URL setting takes precedence over the image's port setting.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["Reactor__DataDirectory"] = Path.Combine(directory.Path, "data"),
            ["Reactor__SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Reactor__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Reactor__DevBroker__Port"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        await using var host = ClusterHost.Start("published", output, 0, environment, Path.Combine(output, "Reactor.Host.dll"));
        await Eventually.Until("the published host to start", () => host.HasExited ? throw new InvalidOperationException(host.Output) : host.LinesContaining("Application started").Any(), TimeSpan.FromMinutes(3));

        // The image's HEALTHCHECK command itself, pointed at this host's port.
        var check = JsonSerializer.Deserialize<string[]>(Assert.Single(dockerfile.Instructions("HEALTHCHECK")).Split("CMD ", 2)[1])!;
        check[^1] = check[^1].Replace("/8080", "/" + httpPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await Eventually.Until("the image's health check to pass", async () => (await RunAsync(check[0], check[1..], output, TimeSpan.FromSeconds(30))).ExitCode == 0, TimeSpan.FromMinutes(1));

        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromMinutes(1)));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
