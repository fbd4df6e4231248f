using Reactor.TestInfrastructure;

namespace Reactor.Cluster.Tests;

/// <summary>One Reactor host process of the test cluster (the real Host build), with every line it prints timestamped on arrival.</summary>
internal sealed class ClusterHost : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ClusterHost(string name, ChildProcess process, int siloPort, Uri? http)
    {
        Name = name;
        _process = process;
        SiloPort = siloPort;
        Http = http;
    }

    /// <summary>Gets the host's HTTP address (health routes), when it was given one.</summary>
    public Uri? Http { get; }

    public string Name { get; }

    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<(DateTime At, string Line)> Lines => [.. _process.Lines.Select(l => (l.At, l.Text))];

    public string Output => string.Join('\n', _process.Lines.Select(l => l.Text));

    /// <summary>Starts <c>dotnet Reactor.Host.dll</c> (by default the build copied next to the tests) with the given settings as environment variables.</summary>
    public static ClusterHost Start(string name, string workingDirectory, int siloPort, IReadOnlyDictionary<string, string> environment, string? hostDll = null)
    {
        var process = ChildProcess.Start("dotnet", [hostDll ?? Path.Combine(AppContext.BaseDirectory, "Reactor.Host.dll")], workingDirectory, environment);
        return new ClusterHost(name, process, siloPort, environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? new Uri(urls) : null);
    }

    /// <summary>Gets a value indicating whether <c>/health/ready</c> answers 200: the silo joined the cluster and its streams run.</summary>
    public async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Http!, "/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Gets the lines that contain <paramref name="text"/>, with their arrival times.</summary>
    public IEnumerable<(DateTime At, string Line)> LinesContaining(string text) => Lines.Where(l => l.Line.Contains(text, StringComparison.Ordinal));

    /// <summary>Kills the process with SIGKILL: no shutdown, no flush, no commit, no goodbye to the cluster.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Sends SIGTERM, as Kubernetes does to a pod it stops, and waits for the process to exit.</summary>
    /// <returns>The exit code.</returns>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        _process.Signal("TERM");
        return _process.WaitForExitAsync(timeout, Name);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
