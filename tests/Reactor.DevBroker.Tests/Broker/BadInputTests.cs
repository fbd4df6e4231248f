using System.Buffers.Binary;
using System.Net.Sockets;
using Confluent.Kafka;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class BadInputTests(ITestOutputHelper output)
{
    public static TheoryData<string, byte[]> BadFrames => new()
    {
        { "oversized length", BigEndian(int.MaxValue) },
        { "negative length", BigEndian(-5) },
        { "garbage body", [.. BigEndian(12), .. "\x13\x37garbage!!!"u8] },
        { "unknown api key", Frame(apiKey: 999, apiVersion: 0) },
        { "unsupported produce version", Frame(apiKey: 0, apiVersion: 99) },
        { "truncated metadata body", [.. Frame(apiKey: 3, apiVersion: 1, body: [0x00, 0x00, 0x00, 0x05])] },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task BadFrame_ClosesOnlyThatConnection_OtherClientsKeepWorking(string name, byte[] frame)
    {
        await using var broker = await TestBroker.StartAsync(output, o => o.MaxFrameBytes = 1024 * 1024);
        var topic = Clients.Unique("bystander");
        using var producer = new ProducerBuilder<string, string>(Clients.Producer(broker.BootstrapServers)).Build();
        var before = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "before" });

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", broker.Broker.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(frame);
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            Assert.True(read == 0, $"{name}: expected the broker to close the connection, got {read} bytes");
        }

        var after = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after" });
        Assert.Equal(before.Offset.Value + 1, after.Offset.Value);
        using var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, Clients.Unique("g"))).Build();
        consumer.Assign(new TopicPartitionOffset(before.TopicPartition, Offset.Beginning));
        Assert.Equal(["before", "after"], ProduceConsumeTests.ConsumeN(consumer, 2).Select(r => r.Message.Value));
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Frame(short apiKey, short apiVersion, byte[]? body = null)
    {
        body ??= [];
        var frame = new byte[4 + 10 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), apiVersion);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), 42);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), -1);
        body.CopyTo(frame, 14);
        return frame;
    }
}
