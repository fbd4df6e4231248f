using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>Runs the built Reactor host as a child process and collects what it prints.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private HostProcess(Process process) => _process = process;

    public IReadOnlyList<string> Output => [.. _stdout];

    public string AllOutput => string.Join('\n', _stdout) + "\n--- stderr ---\n" + string.Join('\n', _stderr);

    public string ErrorOutput => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Gets the HTTP address the host printed at start-up, or <see langword="null"/> before it has.</summary>
    public Uri? BaseAddress =>
        Output.FirstOrDefault(l => l.StartsWith(HttpLinePrefix, StringComparison.Ordinal)) is { } line
            ? new Uri(line[HttpLinePrefix.Length..line.IndexOf(' ', HttpLinePrefix.Length)])
            : null;

    private const string HttpLinePrefix = "Reactor HTTP on ";

    public static HostProcess Start(string workingDirectory, IDictionary<string, string>? environment = null, params string[] args)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Reactor.Host.dll");

        // A test runner started in the background (`cmd &` from a script) ignores SIGINT, and the host would inherit
        // that and never see the Ctrl+C the tests send; env restores the default disposition, as a terminal has it.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(hostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Tests run side by side: each host takes an ephemeral loopback HTTP port unless the test chose one.
        if (!args.Contains("--urls") && environment?.ContainsKey("ASPNETCORE_HTTP_PORTS") != true)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until the host has printed its HTTP address and returns a client for it.</summary>
    public async Task<HttpClient> WaitForHttpAsync(TimeSpan timeout)
    {
        await Eventually.Until("the host to print its HTTP address", () => HasExited || BaseAddress is not null, timeout);
        if (BaseAddress is null)
        {
            throw new InvalidOperationException($"The host exited before it listened for HTTP. Output:\n{AllOutput}");
        }

        return new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Sends SIGINT, as Ctrl+C does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit within {timeout}. Output:\n{AllOutput}");
        }

        // The parameterless overload waits for the redirected streams to be drained.
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
}
