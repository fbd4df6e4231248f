using System.Buffers.Binary;
using System.Net.Sockets;
using Reactor.DevBroker.Handlers;
using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

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
    /// <remarks>
    /// Requests are handled and answered strictly in order, one at a time, but the next frame is received while the
    /// current one is handled (one frame of read-ahead), so a pipelining producer keeps streaming instead of waiting
    /// for the broker to finish writing the previous batch.
    /// </remarks>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var logger = _context.Logger;
        BrokerLog.ConnectionOpened(logger, Remote);
        Task<Frame>? next = null;
        try
        {
            next = ReadFrameAsync(cancellationToken);
            while (true)
            {
                var frame = await next;
                next = null;
                if (frame.Buffer is null)
                {
                    return;
                }

                try
                {
                    next = ReadFrameAsync(cancellationToken);
                    _writer.Reset();
                    if (!await _dispatcher.HandleAsync(frame.Buffer, frame.Size, _writer, Remote, cancellationToken))
                    {
                        return;
                    }
                }
                catch (IOException ex)
                {
                    // A file operation failed inside a handler: logged, unlike the socket's IOExceptions below, which only
                    // mean the client went away.
                    BrokerLog.StorageFailed(logger, Remote, ex);
                    return;
                }
                finally
                {
                    // Produce may have kept references to batches in the frame; the array goes back to the pool after the last.
                    frame.Buffer.Release();
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
            await AbandonAsync(next);
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

    /// <summary>Waits for a read-ahead that is no longer wanted (the socket is closed, so it ends promptly) and returns its buffer.</summary>
    private static async Task AbandonAsync(Task<Frame>? pending)
    {
        if (pending is null)
        {
            return;
        }

        try
        {
            var frame = await pending;
            frame.Buffer?.Release();
        }
#pragma warning disable CA1031 // The connection is already closing; how the read-ahead ended no longer matters.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Closed socket or cancellation: nothing was rented.
        }
    }

    /// <summary>Receives one whole frame into a pooled buffer; a frame with a null buffer means the connection is to end.</summary>
    private async Task<Frame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(4, cancellationToken))
        {
            return default;
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        _start += 4;
        if (size < 8 || size > _context.Options.MaxFrameBytes)
        {
            BrokerLog.BadFrameSize(_context.Logger, Remote, size, _context.Options.MaxFrameBytes);
            return default;
        }

        var shared = SharedBuffer.Rent(size);
        var rented = shared.Array;
        try
        {
            var buffered = Math.Min(_end - _start, size);
            _buffer.AsSpan(_start, buffered).CopyTo(rented);
            _start += buffered;
            if (buffered < size)
            {
                // The rest goes straight into the frame's own buffer: small remainders through the receive buffer
                // (one system call may bring the following frames too), large ones without a second copy.
                var remaining = size - buffered;
                if (remaining <= _buffer.Length / 2)
                {
                    if (!await FillAsync(remaining, cancellationToken))
                    {
                        shared.Release();
                        return default;
                    }

                    _buffer.AsSpan(_start, remaining).CopyTo(rented.AsSpan(buffered));
                    _start += remaining;
                }
                else
                {
                    _start = _end = 0;
                    if (!await ReceiveExactlyAsync(rented.AsMemory(buffered, remaining), cancellationToken))
                    {
                        shared.Release();
                        return default;
                    }
                }
            }
        }
        catch
        {
            shared.Release();
            throw;
        }

        return new Frame(shared, size);
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

    /// <summary>A received request frame in a pooled, shared buffer (<see cref="Buffer"/> null when the connection is to end).</summary>
    private readonly record struct Frame(SharedBuffer? Buffer, int Size);
}
