using System.Diagnostics;

namespace Reactor.TestInfrastructure;

/// <summary>
/// Runs Azurite's blob service (npm package <c>azurite</c>, installed by
/// <c>tests/Reactor.Persistence.AzureBlob.Tests/install-azurite.sh</c>) on a free loopback port, in memory or on a
/// directory, and stops it on dispose. Tests that stop or restart it get an instance of their own.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's documented, public development account; it protects nothing.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string? _location;
    private Process? _process;

    private AzuriteServer(int port, string? location)
    {
        Port = port;
        _location = location;
    }

    /// <summary>Gets the loopback port of the blob service.</summary>
    public int Port { get; }

    /// <summary>Gets the connection string of the blob service.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{Account};";

    /// <summary>Gets a value indicating whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Finds the <c>azurite-blob</c> launcher installed under the repository.</summary>
    /// <returns>The full path.</returns>
    /// <exception cref="FileNotFoundException">Azurite is not installed; the message says how to install it.</exception>
    public static string FindExecutable()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Reactor.Persistence.AzureBlob.Tests", ".azurite", "node_modules", ".bin", "azurite-blob");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "azurite-blob was not found under tests/Reactor.Persistence.AzureBlob.Tests/.azurite; run ./test.sh or tests/Reactor.Persistence.AzureBlob.Tests/install-azurite.sh.");
    }

    /// <summary>Starts Azurite on a free loopback port and waits until it answers.</summary>
    /// <param name="location">A directory to persist blobs in (survives a restart), or <see langword="null"/> for memory only.</param>
    /// <returns>The running server.</returns>
    public static async Task<AzuriteServer> StartAsync(string? location = null)
    {
        var server = new AzuriteServer(LoopbackPorts.Free(), location);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Stops the process: killed, as a crash would, or with SIGTERM, as a shutdown would.</summary>
    /// <param name="graceful">
    /// <see langword="true"/> to send SIGTERM, so an on-disk Azurite saves its metadata (it writes it periodically, and a
    /// kill loses what it wrote since); <see langword="false"/> to kill it.
    /// </param>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync(bool graceful = false)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        if (graceful && !process.HasExited)
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // It did not stop in time; kill it below.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Starts the process again on the same port (and location) and waits until it answers.</summary>
    /// <returns>A task that completes when it answers.</returns>
    public Task RestartAsync() => _process is null ? StartProcessAsync() : throw new InvalidOperationException("Azurite is running.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(graceful: false));

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(FindExecutable())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose" })
        {
            info.ArgumentList.Add(argument);
        }

        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG_LOG") is { } debugLog)
        {
            info.ArgumentList.Add("--debug");
            info.ArgumentList.Add(debugLog);
        }

        if (_location is null)
        {
            info.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(_location);
            info.ArgumentList.Add("--location");
            info.ArgumentList.Add(_location);
        }

        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until($"Azurite to answer on 127.0.0.1:{Port}", async () =>
        {
            if (process.HasExited)
            {
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before answering: {log}");
            }

            try
            {
                // Any HTTP answer (an authorization error included) means the service is up.
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/{Account}?comp=list"));
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
    }
}
