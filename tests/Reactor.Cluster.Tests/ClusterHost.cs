using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reactor.Cluster.Tests;

/// <summary>One Reactor host process of the test cluster (the real Host build), with every line it prints timestamped on arrival.</summary>
internal sealed class ClusterHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(DateTime At, string Line)> _lines = new();

    private ClusterHost(string name, Process process, int siloPort, Uri? http)
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

    public IReadOnlyList<(DateTime At, string Line)> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines.Select(l => l.Line));

    /// <summary>Starts <c>dotnet Reactor.Host.dll</c> (by default the build copied next to the tests) with the given settings as environment variables.</summary>
    public static ClusterHost Start(string name, string workingDirectory, int siloPort, IReadOnlyDictionary<string, string> environment, string? hostDll = null)
    {
        Directory.CreateDirectory(workingDirectory);

        // A runner started in the background ignores SIGINT and a child would inherit that; env restores the default.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(hostDll ?? Path.Combine(AppContext.BaseDirectory, "Reactor.Host.dll"));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new ClusterHost(name, process, siloPort, environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? new Uri(urls) : null);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
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
    public IEnumerable<(DateTime At, string Line)> LinesContaining(string text) => _lines.Where(l => l.Line.Contains(text, StringComparison.Ordinal));

    /// <summary>Kills the process with SIGKILL: no shutdown, no flush, no commit, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as Kubernetes does to a pod it stops, and waits for the process to exit.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not stop within {timeout} of SIGTERM. Output:\n{Output}");
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue((DateTime.UtcNow, line));
        }
    }
}
