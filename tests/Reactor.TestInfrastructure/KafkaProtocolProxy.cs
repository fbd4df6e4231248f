using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Reactor.TestInfrastructure;

/// <summary>
/// A loopback TCP proxy in front of a single broker that records every request frame a real client sends and can hold
/// back requests of one API key. It rewrites the broker port in Metadata (v0-v8) and FindCoordinator (v0-v2) responses
/// to its own, so the client keeps talking through it.
/// </summary>
public sealed class KafkaProtocolProxy : IAsyncDisposable
{
    private readonly int _brokerPort;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _accept;
    private readonly TaskCompletionSource _requestHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _heldApiKey = -1;

    public KafkaProtocolProxy(int brokerPort)
    {
        _brokerPort = brokerPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Every complete request frame (size prefix included) in the order each connection sent them.</summary>
    public ConcurrentQueue<byte[]> Requests { get; } = new();

    /// <summary>Gets a task that completes when the first request of the held API key arrives and is held.</summary>
    public Task RequestHeld => _requestHeld.Task;

    /// <summary>
    /// Holds every request of <paramref name="apiKey"/> (and, since Kafka answers in order, everything after it on the
    /// same connection) until <see cref="Release"/>.
    /// </summary>
    public void Hold(short apiKey)
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldApiKey = apiKey;
    }

    /// <summary>Forwards the held requests and stops holding.</summary>
    public void Release()
    {
        _heldApiKey = -1;
        _release.TrySetResult();
    }

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
                _pumps.Add(PumpAsync(client, broker, frame => OnRequestAsync(frame, addressRequests)));
                _pumps.Add(PumpAsync(broker, client, frame => OnResponseAsync(frame, addressRequests)));
            }
        }
    }

    private async Task OnRequestAsync(byte[] frame, ConcurrentDictionary<int, (short Key, short Version)> addressRequests)
    {
        Requests.Enqueue((byte[])frame.Clone());
        var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4));
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6));
        if (apiKey is 3 or 10)
        {
            addressRequests[BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8))] = (apiKey, version);
        }

        if (apiKey == _heldApiKey)
        {
            _requestHeld.TrySetResult();
            await _release.Task.WaitAsync(_stop.Token);
        }
    }

    private Task OnResponseAsync(byte[] frame, ConcurrentDictionary<int, (short Key, short Version)> addressRequests)
    {
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4));
        if (!addressRequests.TryRemove(correlationId, out var request))
        {
            return Task.CompletedTask;
        }
        var position = 8;
        if (request is { Key: 10, Version: <= 2 })
        {
            // FindCoordinator: [throttle, error, error message (v1+)] or [error (v0)], node_id, host, port.
            position += request.Version >= 1 ? 4 + 2 + StringSize(frame, 8 + 6) : 2;
            position += 4;
            position += StringSize(frame, position);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(position), Port);
            return Task.CompletedTask;
        }
        if (request is not { Key: 3, Version: <= 8 })
        {
            return Task.CompletedTask;
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

        return Task.CompletedTask;
    }

    private static int StringSize(byte[] frame, int position) => 2 + Math.Max(0, (int)BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(position)));

    private async Task PumpAsync(Socket from, Socket to, Func<byte[], Task> inspect)
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
                await inspect(frame);
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
