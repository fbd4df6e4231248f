using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>A plain TCP connection to the broker that sends arbitrary bytes and reads size-prefixed response frames.</summary>
internal sealed class RawKafkaConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawKafkaConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawKafkaConnection> ConnectAsync(int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new RawKafkaConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<bool> TrySendAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset by the broker.
        }
    }

    /// <summary>
    /// Reads response frames until one carries <paramref name="correlationId"/> (returned with its body after the
    /// correlation id), the broker closes the connection, or <paramref name="wait"/> passes.
    /// </summary>
    public async Task<(RawOutcome Outcome, byte[]? Body)> ReadResponseAsync(int correlationId, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var frame = await ReadFrameAsync(timeout.Token);
                if (frame is null)
                {
                    return (RawOutcome.Closed, null);
                }
                if (frame.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(frame) == correlationId)
                {
                    return (RawOutcome.Responded, frame[4..]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (RawOutcome.NoAnswer, null);
        }
        catch (IOException)
        {
            return (RawOutcome.Closed, null);
        }
        catch (SocketException)
        {
            return (RawOutcome.Closed, null);
        }
    }

    /// <summary>Waits until the broker closes the connection; false if it is still open after <paramref name="wait"/>.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan wait)
    {
        var (outcome, _) = await ReadResponseAsync(int.MinValue, wait);
        return outcome == RawOutcome.Closed;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var sizeBytes = new byte[4];
        if (!await ReadExactlyOrEofAsync(sizeBytes, cancellationToken))
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
        if (size is < 4 or > 64 * 1024 * 1024)
        {
            throw new InvalidDataException($"The broker sent a response frame of size {size}.");
        }
        var frame = new byte[size];
        return await ReadExactlyOrEofAsync(frame, cancellationToken) ? frame : null;
    }

    private async Task<bool> ReadExactlyOrEofAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
