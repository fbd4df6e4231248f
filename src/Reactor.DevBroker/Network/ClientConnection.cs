using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Reactor.DevBroker.Handlers;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Network;

/// <summary>Serves one client socket: reads a frame, handles it, writes the response, in order, one at a time.</summary>
internal sealed class ClientConnection : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private readonly Socket _socket;
    private readonly BrokerContext _context;
    private readonly RequestDispatcher _dispatcher;
    private readonly ResponseWriter _writer = new();
    private readonly byte[] _buffer = new byte[ReceiveBufferSize];
    private int _start;
    private int _end;

    /// <summary>Creates the connection handler.</summary>
    public ClientConnection(Socket socket, BrokerContext context, RequestDispatcher dispatcher)
    {
        _socket = socket;
        _context = context;
        _dispatcher = dispatcher;
        Remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    /// <summary>Gets the client's address, for logs.</summary>
    public string Remote { get; }

    /// <summary>Runs until the client disconnects, sends something unacceptable, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var logger = _context.Logger;
        BrokerLog.ConnectionOpened(logger, Remote);
        try
        {
            while (await FillAsync(4, cancellationToken))
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
                _start += 4;
                if (size < 8 || size > _context.Options.MaxFrameBytes)
                {
                    BrokerLog.BadFrameSize(logger, Remote, size, _context.Options.MaxFrameBytes);
                    return;
                }

                byte[]? rented = null;
                Memory<byte> frame;
                if (size <= _buffer.Length)
                {
                    if (!await FillAsync(size, cancellationToken))
                    {
                        return;
                    }

                    frame = _buffer.AsMemory(_start, size);
                    _start += size;
                }
                else
                {
                    rented = ArrayPool<byte>.Shared.Rent(size);
                    frame = rented.AsMemory(0, size);
                    var buffered = _end - _start;
                    _buffer.AsSpan(_start, buffered).CopyTo(rented);
                    _start = _end = 0;
                    if (!await ReceiveExactlyAsync(frame[buffered..], cancellationToken))
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                        return;
                    }
                }

                try
                {
                    _writer.Reset();
                    if (!await _dispatcher.HandleAsync(frame, _writer, Remote, cancellationToken))
                    {
                        return;
                    }
                }
                finally
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }

                if (_writer.Length > 0)
                {
                    await SendAsync(_writer.WrittenMemory, cancellationToken);
                }
            }
        }
        catch (ProtocolException ex)
        {
            BrokerLog.MalformedRequest(logger, Remote, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The broker is stopping.
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
#pragma warning disable CA1031 // A bug in one request must cost only that client its connection, never the broker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BrokerLog.ConnectionFailed(logger, Remote, ex);
        }
        finally
        {
            BrokerLog.ConnectionClosed(logger, Remote);
            Dispose();
            _writer.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
    }

    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            _end += received;
        }

        return true;
    }

    private async ValueTask<bool> ReceiveExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            var received = await _socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            destination = destination[received..];
        }

        return true;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
