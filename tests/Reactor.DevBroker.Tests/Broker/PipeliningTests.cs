using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

/// <summary>Requests sent back to back on one connection (the broker reads the next frame while handling one).</summary>
public sealed class PipeliningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PipelinedFramesOfEverySize_AreAnsweredInOrder()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("pipelined");

        // Larger than the 64 KB receive buffer, tiny, about half of it, and a non-produce request: every path of the frame reader.
        var large = BatchBuilder.Build(8_000);
        var tiny = BatchBuilder.Build(1);
        var medium = BatchBuilder.Build(1_500);
        Assert.True(large.Length > 64 * 1024, $"the large batch is only {large.Length} bytes");
        byte[] stream =
        [
            .. Produce(1, topic, large),
            .. Produce(2, topic, tiny),
            .. Produce(3, topic, medium),
            .. Request(apiKey: 18, apiVersion: 0, correlationId: 4, body: []),
            .. Produce(5, topic, tiny),
        ];

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", broker.Broker.Port);
        var network = client.GetStream();
        await network.WriteAsync(stream);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(0, ProducedOffset(await ReadResponseAsync(network, 1, timeout.Token), topic));
        Assert.Equal(8_000, ProducedOffset(await ReadResponseAsync(network, 2, timeout.Token), topic));
        Assert.Equal(8_001, ProducedOffset(await ReadResponseAsync(network, 3, timeout.Token), topic));
        var apiVersions = await ReadResponseAsync(network, 4, timeout.Token);
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(apiVersions));
        Assert.Equal(9_501, ProducedOffset(await ReadResponseAsync(network, 5, timeout.Token), topic));
    }

    [Fact]
    public async Task RequestFollowedByBadFrame_IsAnsweredBeforeTheConnectionCloses()
    {
        await using var broker = await TestBroker.StartAsync(output, o => o.MaxFrameBytes = 1024 * 1024);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", broker.Broker.Port);
        var network = client.GetStream();
        var badSize = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(badSize, int.MaxValue);
        await network.WriteAsync((byte[])[.. Request(apiKey: 18, apiVersion: 0, correlationId: 7, body: []), .. badSize]);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await ReadResponseAsync(network, 7, timeout.Token);
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response));
        int read;
        try
        {
            read = await network.ReadAsync(new byte[16], timeout.Token);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
    }

    private static byte[] Produce(int correlationId, string topic, byte[] batch)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        var body = new byte[2 + 2 + 4 + 4 + 2 + name.Length + 4 + 4 + 4 + batch.Length];
        var span = body.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, -1);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], 1);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], 30_000);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 1);
        BinaryPrimitives.WriteInt16BigEndian(span[12..], (short)name.Length);
        name.CopyTo(span[14..]);
        var position = 14 + name.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[position..], 1);
        BinaryPrimitives.WriteInt32BigEndian(span[(position + 4)..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[(position + 8)..], batch.Length);
        batch.CopyTo(span[(position + 12)..]);
        return Request(apiKey: 0, apiVersion: 3, correlationId, body);
    }

    private static byte[] Request(short apiKey, short apiVersion, int correlationId, byte[] body)
    {
        var frame = new byte[4 + 10 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), apiVersion);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), -1);
        body.CopyTo(frame, 14);
        return frame;
    }

    /// <summary>Reads one response, checks its correlation id and returns the body after it.</summary>
    private static async Task<byte[]> ReadResponseAsync(NetworkStream network, int correlationId, CancellationToken cancellationToken)
    {
        var size = new byte[4];
        await network.ReadExactlyAsync(size, cancellationToken);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await network.ReadExactlyAsync(frame, cancellationToken);
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        return frame[4..];
    }

    /// <summary>Reads the single partition's error and base offset from a Produce v3 response body.</summary>
    private static long ProducedOffset(byte[] body, string topic)
    {
        var span = body.AsSpan();
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(span));
        var nameLength = BinaryPrimitives.ReadInt16BigEndian(span[4..]);
        Assert.Equal(topic, Encoding.UTF8.GetString(span.Slice(6, nameLength)));
        var partition = span[(6 + nameLength)..];
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(partition));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(partition[4..]));
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(partition[8..]));
        return BinaryPrimitives.ReadInt64BigEndian(partition[10..]);
    }
}
