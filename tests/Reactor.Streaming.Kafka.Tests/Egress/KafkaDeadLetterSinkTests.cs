using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.DevBroker;
using Reactor.Runtime.DeadLetters;
using Reactor.Streaming.Kafka.Egress;
using Reactor.Streaming.Kafka.Tests.Encoding;
using static Reactor.Streaming.Kafka.Tests.Egress.KafkaTestClients;

namespace Reactor.Streaming.Kafka.Tests.Egress;

public sealed class KafkaDeadLetterSinkTests
{
    private static readonly DateTimeOffset DeadLetteredAt = new(2025, 2, 1, 12, 30, 0, 125, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_RejectedRecord_KeepsOriginalBytesAndHeadersAndAddsTheReason()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DefaultPartitions = 1 });
        var source = Unique("orders");
        var deadLetters = Unique("orders-dlq");
        var config = Producer(broker.BootstrapServers);

        // A poison record as a producer wrote it: unknown type, a repeated header and a header that is not UTF-8.
        var headers = TestRecords.BinaryHeadersWithout("ce_type");
        headers.Add("ce_type", TestRecords.Utf8("com.example.unknown"));
        headers.Add("schema-id", [0xFF, 0x00, 0x7F]);
        headers.Add("schema-id", [0x01]);
        var value = TestRecords.Utf8("""{ "orderId" : "o-1",  "amount": 12.50 }""");
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build())
        {
            await producer.ProduceAsync(source, new Message<byte[]?, byte[]?> { Key = TestRecords.Utf8("customer-7"), Value = value, Headers = headers });
        }

        using var sourceConsumer = Consumer(broker.BootstrapServers, source);
        var poison = ConsumeN(sourceConsumer, 1).Single();
        sourceConsumer.Close();
        var result = TestRecords.Decoder().Decode(poison, KafkaEventFormat.Auto);
        Assert.Equal(DeadLetterReason.UnknownType, result.Reason);

        using (var sink = new KafkaDeadLetterSink(config, deadLetters, NullLogger<KafkaDeadLetterSink>.Instance))
        {
            var deadLetter = result.ToDeadLetter(poison.Message.Value, poison.Message.Headers, DeadLetteredAt);
            await sink.WriteAsync(deadLetter, poison.Message.Key, poison.Message.Headers);
        }

        using var consumer = Consumer(broker.BootstrapServers, deadLetters);
        var record = ConsumeN(consumer, 1).Single();
        consumer.Close();

        Assert.Equal(value, record.Message.Value);
        Assert.Equal("customer-7", System.Text.Encoding.UTF8.GetString(record.Message.Key!));
        var written = record.Message.Headers.Select(header => (header.Key, header.GetValueBytes())).ToList();
        var original = headers.Select(header => (header.Key, header.GetValueBytes())).ToList();
        Assert.Equal(original, written.Take(original.Count), HeaderComparer.Instance);
        Assert.Equal("UnknownType", Header(record, KafkaDeadLetterSink.ReasonHeader));
        Assert.Equal(result.Detail, Header(record, KafkaDeadLetterSink.DetailHeader));
        Assert.Equal(source, Header(record, KafkaDeadLetterSink.TopicHeader));
        Assert.Equal("0", Header(record, KafkaDeadLetterSink.PartitionHeader));
        Assert.Equal(poison.Offset.Value.ToString(CultureInfo.InvariantCulture), Header(record, KafkaDeadLetterSink.OffsetHeader));
        Assert.Equal("evt-1", Header(record, KafkaDeadLetterSink.EventIdHeader));
        Assert.Equal("com.example.unknown", Header(record, KafkaDeadLetterSink.EventTypeHeader));
        Assert.Equal(DeadLetteredAt, DateTimeOffset.Parse(Header(record, KafkaDeadLetterSink.TimeHeader)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        Assert.Equal(original.Count + 8, written.Count);
    }

    [Fact]
    public async Task WriteAsync_RuntimeDeadLetter_WritesStringHeadersAndKeysByEntity()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DefaultPartitions = 1 });
        var topic = Unique("dlq");
        var deadLetter = new DeadLetter
        {
            Reason = DeadLetterReason.HandlerFailed,
            Detail = "Handler threw InvalidOperationException: cart is closed",
            Position = new LogPosition("carts", 2, 17),
            EventId = "evt-5",
            EventType = TestRecords.CartClearedType,
            EntityId = "cart-9",
            OriginalBytes = TestRecords.Utf8("""{"reason":"expired"}"""),
            Headers = new Dictionary<string, string> { ["traceparent"] = TestRecords.TraceParent, ["content-type"] = "application/json" },
            DeadLetteredAt = DeadLetteredAt,
        };

        using (var sink = new KafkaDeadLetterSink(Producer(broker.BootstrapServers), topic, NullLogger<KafkaDeadLetterSink>.Instance))
        {
            Assert.Equal(topic, sink.Topic);
            await sink.WriteAsync(deadLetter);
        }

        using var consumer = Consumer(broker.BootstrapServers, topic);
        var record = ConsumeN(consumer, 1).Single();
        consumer.Close();

        Assert.Equal(deadLetter.OriginalBytes.ToArray(), record.Message.Value);
        Assert.Equal("cart-9", System.Text.Encoding.UTF8.GetString(record.Message.Key!));
        Assert.Equal(TestRecords.TraceParent, Header(record, "traceparent"));
        Assert.Equal("application/json", Header(record, "content-type"));
        Assert.Equal("HandlerFailed", Header(record, KafkaDeadLetterSink.ReasonHeader));
        Assert.Equal(deadLetter.Detail, Header(record, KafkaDeadLetterSink.DetailHeader));
        Assert.Equal("carts", Header(record, KafkaDeadLetterSink.TopicHeader));
        Assert.Equal("2", Header(record, KafkaDeadLetterSink.PartitionHeader));
        Assert.Equal("17", Header(record, KafkaDeadLetterSink.OffsetHeader));
        Assert.Equal("evt-5", Header(record, KafkaDeadLetterSink.EventIdHeader));
        Assert.Equal(TestRecords.CartClearedType, Header(record, KafkaDeadLetterSink.EventTypeHeader));
        Assert.Equal("2025-02-01T12:30:00.1250000+00:00", Header(record, KafkaDeadLetterSink.TimeHeader));
    }

    [Fact]
    public async Task WriteAsync_Unacknowledged_ThrowsNamingTheTopic()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = false });
        var config = Producer(broker.BootstrapServers);
        config.MessageTimeoutMs = 2_000;
        var topic = Unique("dlq-missing");
        using var sink = new KafkaDeadLetterSink(config, topic, NullLogger<KafkaDeadLetterSink>.Instance);

        var error = await Assert.ThrowsAsync<KafkaEgressException>(() => sink.WriteAsync(Minimal()));

        Assert.Contains($"'{topic}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateMessage_WithoutPositionIdsOrEntity_WritesOnlyWhatIsKnown()
    {
        var message = KafkaDeadLetterSink.CreateMessage(Minimal(), originalKey: [0xFF, 0x01], originalHeaders: null);

        Assert.Equal(new byte[] { 0xFF, 0x01 }, message.Key);
        Assert.Equal(
            [KafkaDeadLetterSink.ReasonHeader, KafkaDeadLetterSink.DetailHeader, KafkaDeadLetterSink.TimeHeader],
            message.Headers.Select(header => header.Key));
    }

    [Fact]
    public void CreateMessage_EmptyOriginal_IsAnEmptyValueNotATombstone()
    {
        var message = KafkaDeadLetterSink.CreateMessage(Minimal() with { OriginalBytes = ReadOnlyMemory<byte>.Empty }, null, null);

        Assert.NotNull(message.Value);
        Assert.Empty(message.Value);
    }

    [Fact]
    public void CreateMessage_DeadLetteredAgain_ReplacesTheEarlierReasonHeaders()
    {
        var earlier = new Headers
        {
            { "traceparent", TestRecords.Utf8(TestRecords.TraceParent) },
            { KafkaDeadLetterSink.ReasonHeader, TestRecords.Utf8("UnknownType") },
            { KafkaDeadLetterSink.OffsetHeader, TestRecords.Utf8("3") },
        };

        var message = KafkaDeadLetterSink.CreateMessage(Minimal() with { Position = new LogPosition("orders-dlq", 0, 9) }, null, earlier);

        Assert.Equal(["HandlerFailed"], Values(message, KafkaDeadLetterSink.ReasonHeader));
        Assert.Equal(["9"], Values(message, KafkaDeadLetterSink.OffsetHeader));
        Assert.Equal([TestRecords.TraceParent], Values(message, "traceparent"));
    }

    [Fact]
    public void CreateMessage_LongDetail_IsCut()
    {
        var message = KafkaDeadLetterSink.CreateMessage(Minimal() with { Detail = new string('x', 10_000) }, null, null);

        var detail = Values(message, KafkaDeadLetterSink.DetailHeader).Single();
        Assert.Equal(KafkaDeadLetterSink.MaxDetailLength, detail.Length);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BlankTopic_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new KafkaDeadLetterSink(new ProducerConfig { BootstrapServers = "127.0.0.1:9" }, " ", NullLogger<KafkaDeadLetterSink>.Instance));
    }

    private static DeadLetter Minimal() => new()
    {
        Reason = DeadLetterReason.HandlerFailed,
        Detail = "boom",
        OriginalBytes = TestRecords.Utf8("{}"),
        DeadLetteredAt = DeadLetteredAt,
    };

    private static string? Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    private static string[] Values(Message<byte[]?, byte[]?> message, string name) =>
        [.. message.Headers.Where(header => header.Key == name).Select(header => System.Text.Encoding.UTF8.GetString(header.GetValueBytes()))];
}
