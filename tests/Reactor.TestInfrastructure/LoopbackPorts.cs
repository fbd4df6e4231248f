using System.Net;
using System.Net.Sockets;

namespace Reactor.TestInfrastructure;

/// <summary>
/// Picks loopback ports for servers that bind them later (child processes: hosts, Redis, Azurite), from below the
/// kernel's ephemeral range.
/// </summary>
/// <remarks>
/// A port taken by binding port 0 comes from the ephemeral range, the same range every outgoing connection takes its
/// local port from: between releasing it and the child process binding it, a connection of any process on the machine
/// can take it, and the child fails with "address already in use" (seen in CI with three hosts, a broker, Azurite and
/// Redis connecting to each other). Below the range only an explicit bind can take a port. Each process starts at a
/// random place in the range and walks it, so concurrent test processes rarely try the same port, and a port found
/// bound is skipped.
/// </remarks>
public static class LoopbackPorts
{
    private const int RangeSize = 12_000;
    private const int LowestUsable = 1_024;
    private static readonly (int First, int Count) Range = PickRange();
    private static int _next = Random.Shared.Next(RangeSize);

    /// <summary>Returns a loopback port that no socket was bound to a moment ago, outside the ephemeral range where possible.</summary>
    /// <returns>The port.</returns>
    public static int Free()
    {
        if (Range.Count == 0)
        {
            return EphemeralPort();
        }

        for (var attempt = 0; attempt < Range.Count; attempt++)
        {
            var port = Range.First + (int)((uint)Interlocked.Increment(ref _next) % (uint)Range.Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        return EphemeralPort();
    }

    private static (int First, int Count) PickRange()
    {
        var ephemeralLow = 32_768;
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(rangeFile)
            && int.TryParse(File.ReadAllText(rangeFile).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var low))
        {
            ephemeralLow = low;
        }

        var first = Math.Max(LowestUsable, ephemeralLow - RangeSize);
        return (first, Math.Max(0, ephemeralLow - first));
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
