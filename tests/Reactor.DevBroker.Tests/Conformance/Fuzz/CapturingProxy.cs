using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>
/// A loopback TCP proxy in front of the broker that records every request frame a real client sends. It rewrites
/// the broker port in Metadata (v0-v8) and FindCoordinator (v0-v2) responses to its own, so the client keeps
/// talking through it.
/// </summary>
internal sealed class CapturingProxy : IAsyncDisposable
{
    private readonly int _brokerPort;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _accept;

    public CapturingProxy(int brokerPort)
    {
        _brokerPort = brokerPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Every complete request frame (size prefix included) in the order each connection sent them.</summary>
    public ConcurrentQueue<byte[]> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        try
        {
            await _accept;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }
        await Task.WhenAll(pumps.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var broker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            _sockets.Add(client);
            _sockets.Add(broker);
            await broker.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _brokerPort), _stop.Token);
            var addressRequests = new ConcurrentDictionary<int, (short Key, short Version)>();
            lock (_pumps)
            {
                _pumps.Add(PumpAsync(client, broker, frame => OnRequest(frame, addressRequests)));
                _pumps.Add(PumpAsync(broker, client, frame => OnResponse(frame, addressRequests)));
            }
        }
    }

    private void OnRequest(byte[] frame, ConcurrentDictionary<int, (short Key, short Version)> addressRequests)
    {
        Requests.Enqueue((byte[])frame.Clone());
        var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4));
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6));
        if (apiKey is 3 or 10)
        {
            addressRequests[BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8))] = (apiKey, version);
        }
    }

    private void OnResponse(byte[] frame, ConcurrentDictionary<int, (short Key, short Version)> addressRequests)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4));
        if (!addressRequests.TryRemove(correlationId, out var request))
        {
            return;
        }
        var position = 8;
        if (request is { Key: 10, Version: <= 2 })
        {
            // FindCoordinator: [throttle, error, error message (v1+)] or [error (v0)], node_id, host, port.
            position += request.Version >= 1 ? 4 + 2 + StringSize(frame, 8 + 6) : 2;
            position += 4;
            position += StringSize(frame, position);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(position), Port);
            return;
        }
        if (request is not { Key: 3, Version: <= 8 })
        {
            return;
        }
        // Metadata: [throttle (v3+)] brokers: count, then node_id, host, port, [rack (v1+)].
        position += request.Version >= 3 ? 4 : 0;
        var brokers = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(position));
        position += 4;
        for (var i = 0; i < brokers; i++)
        {
            position += 4;
            position += StringSize(frame, position);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(position), Port);
            position += 4;
            if (request.Version >= 1)
            {
                position += StringSize(frame, position);
            }
        }
    }

    private static int StringSize(byte[] frame, int position) => 2 + Math.Max(0, (int)BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(position)));

    private async Task PumpAsync(Socket from, Socket to, Action<byte[]> inspect)
    {
        var sizeBytes = new byte[4];
        try
        {
            while (true)
            {
                if (!await ReceiveExactlyAsync(from, sizeBytes, _stop.Token))
                {
                    break;
                }
                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
                var frame = new byte[4 + size];
                sizeBytes.CopyTo(frame, 0);
                if (!await ReceiveExactlyAsync(from, frame.AsMemory(4), _stop.Token))
                {
                    break;
                }
                inspect(frame);
                await to.SendAsync(frame, SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A side closed, or the proxy is stopping.
        }
        finally
        {
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
