using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reactor.TestInfrastructure;

/// <summary>
/// Runs Debian's <c>redis-server</c> (installed by <c>tests/Reactor.Cluster.Tests/install-redis.sh</c>) on a free
/// loopback port, in memory with no persistence, and stops it on dispose. Each test that needs Redis starts its own.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Gets the loopback port Redis listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis connection string of the server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server on a free loopback port and waits until it answers PING.</summary>
    /// <returns>The running server.</returns>
    /// <exception cref="FileNotFoundException">redis-server is not installed; the message says how to install it.</exception>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("redis-server was not found; run ./test.sh or tests/Reactor.Cluster.Tests/install-redis.sh.");
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var server = new RedisServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.Until($"redis-server to answer PING on 127.0.0.1:{port}", async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {server.Output}");
            }

            return await server.PingAsync();
        });
        return server;
    }

    /// <summary>Gets what the server printed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
