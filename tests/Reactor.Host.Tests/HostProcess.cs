using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>Runs the built Reactor host as a child process and collects what it prints.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const string HttpLinePrefix = "Reactor HTTP on ";

    private readonly ChildProcess _process;

    private HostProcess(ChildProcess process) => _process = process;

    public IReadOnlyList<string> Output => _process.StandardOutput;

    public string AllOutput => _process.Transcript;

    public string ErrorOutput => string.Join('\n', _process.StandardError);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Gets the HTTP address the host printed at start-up, or <see langword="null"/> before it has.</summary>
    public Uri? BaseAddress =>
        Output.FirstOrDefault(l => l.StartsWith(HttpLinePrefix, StringComparison.Ordinal)) is { } line
            ? new Uri(line[HttpLinePrefix.Length..line.IndexOf(' ', HttpLinePrefix.Length)])
            : null;

    public static HostProcess Start(string workingDirectory, IDictionary<string, string>? environment = null, params string[] args)
    {
        List<string> arguments = [Path.Combine(AppContext.BaseDirectory, "Reactor.Host.dll"), .. args];

        // Tests run side by side: each host takes an ephemeral loopback HTTP port unless the test chose one.
        if (!args.Contains("--urls") && environment?.ContainsKey("ASPNETCORE_HTTP_PORTS") != true)
        {
            arguments.AddRange(["--urls", "http://127.0.0.1:0"]);
        }

        return new HostProcess(ChildProcess.Start("dotnet", arguments, workingDirectory, environment));
    }

    public static int FreePort()
    {
        return LoopbackPorts.Free();
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
    public void Interrupt() => _process.Signal("INT");

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout, "The host");

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
