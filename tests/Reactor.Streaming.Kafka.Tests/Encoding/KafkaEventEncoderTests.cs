using System.Text.Json;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;
using Reactor.Streaming.Kafka.Encoding;
using static Reactor.Streaming.Kafka.Tests.Encoding.TestRecords;

namespace Reactor.Streaming.Kafka.Tests.Encoding;

public sealed class KafkaEventEncoderTests
{
    private static readonly DateTimeOffset EventTime = new(2025, 1, 31, 8, 15, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Encode_Binary_PutsAttributesInHeadersAndDataInValue()
    {
        var message = KafkaEventEncoder.Encode(Emitted());

        Assert.Equal("customer-7", System.Text.Encoding.UTF8.GetString(message.Key!));
        Assert.Equal("""{"orderId":"o-9","amount":4.5}""", System.Text.Encoding.UTF8.GetString(message.Value!));
        Assert.Equal("1.0", Header(message, "ce_specversion"));
        Assert.Equal("idem-1", Header(message, "ce_id"));
        Assert.Equal("reactor://customer/customer-7", Header(message, "ce_source"));
        Assert.Equal(OrderPlacedType, Header(message, "ce_type"));
        Assert.Equal("customer-7", Header(message, "ce_subject"));
        Assert.Equal(EventTime, DateTimeOffset.Parse(Header(message, "ce_time")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("application/json", Header(message, "content-type"));
        Assert.Equal("idem-1", Header(message, EmittedEvent.IdempotencyKeyHeader));
        Assert.Equal(TraceParent, Header(message, EmittedEvent.TraceParentHeader));
        Assert.Null(Header(message, "ce_datacontenttype"));
        Assert.Null(Header(message, "ce_data"));
    }

    [Fact]
    public void Encode_Structured_KeepsTheDocumentAsValue()
    {
        var emitted = Emitted();

        var message = KafkaEventEncoder.Encode(emitted, KafkaEventFormat.CloudEventsStructured);

        Assert.Equal(emitted.CloudEventJson.ToArray(), message.Value);
        Assert.Equal("application/cloudevents+json; charset=UTF-8", Header(message, "content-type"));
        Assert.Equal("customer-7", System.Text.Encoding.UTF8.GetString(message.Key!));
        Assert.Equal("idem-1", Header(message, EmittedEvent.IdempotencyKeyHeader));
        Assert.Equal(TraceParent, Header(message, EmittedEvent.TraceParentHeader));
        Assert.Null(Header(message, "ce_id"));
    }

    [Fact]
    public void Encode_Plain_SendsDataWithoutAttributeHeaders()
    {
        var message = KafkaEventEncoder.Encode(Emitted(), KafkaEventFormat.PlainJson);

        Assert.Equal("""{"orderId":"o-9","amount":4.5}""", System.Text.Encoding.UTF8.GetString(message.Value!));
        Assert.Equal("application/json", Header(message, "content-type"));
        Assert.Equal("idem-1", Header(message, EmittedEvent.IdempotencyKeyHeader));
        Assert.DoesNotContain(message.Headers, header => header.Key.StartsWith("ce_", StringComparison.Ordinal));
    }

    [Fact]
    public void Encode_WithoutTraceParent_AddsNoTraceParentHeader()
    {
        var message = KafkaEventEncoder.Encode(Emitted(traceParent: null));

        Assert.Null(Header(message, EmittedEvent.TraceParentHeader));
    }

    [Fact]
    public void Encode_Auto_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KafkaEventEncoder.Encode(Emitted(), KafkaEventFormat.Auto));
    }

    [Theory]
    [InlineData("""[1, 2]""", "not a JSON object")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/s"}""", "required attributes")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/s","type":"t","ext":{"a":1}}""", "attribute 'ext'")]
    [InlineData("""{"specversion":"1.0",""", "not a CloudEvents JSON document")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/s","type":"t","data_base64":"***"}""", "not a CloudEvents JSON document")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/s","type":"t","data_base64":5}""", "not a CloudEvents JSON document")]
    public void Encode_Binary_NotACloudEvent_ThrowsNamingTopic(string json, string expected)
    {
        var emitted = new EmittedEvent("out-topic", "customer-7", Utf8(json), "idem-1");

        var error = Assert.Throws<ArgumentException>(() => KafkaEventEncoder.Encode(emitted));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'out-topic'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Binary_ExtensionsBecomeCeHeaders()
    {
        var json = """{"specversion":"1.0","id":"x","source":"/s","type":"t","partitionkey":"p\u00e9","priority":3,"urgent":true,"none":null,"data":{}}""";

        var message = KafkaEventEncoder.Encode(new EmittedEvent("t", "e", Utf8(json), "k"));

        Assert.Equal("pé", Header(message, "ce_partitionkey"));
        Assert.Equal("3", Header(message, "ce_priority"));
        Assert.Equal("true", Header(message, "ce_urgent"));
        Assert.Null(Header(message, "ce_none"));
    }

    [Fact]
    public void Encode_Binary_NonJsonStringData_SendsTheTextItself()
    {
        var json = """{"specversion":"1.0","id":"x","source":"/s","type":"t","datacontenttype":"text/plain","data":"line \"one\""}""";

        var message = KafkaEventEncoder.Encode(new EmittedEvent("t", "e", Utf8(json), "k"));

        Assert.Equal("line \"one\"", System.Text.Encoding.UTF8.GetString(message.Value!));
        Assert.Equal("text/plain", Header(message, "content-type"));
    }

    [Fact]
    public void Encode_Binary_Base64Data_SendsTheBytes()
    {
        var json = """{"specversion":"1.0","id":"x","source":"/s","type":"t","datacontenttype":"application/octet-stream","data_base64":"AAEC/w=="}""";

        var message = KafkaEventEncoder.Encode(new EmittedEvent("t", "e", Utf8(json), "k"));

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, message.Value);
    }

    [Fact]
    public void Encode_Binary_WithoutData_HasNoValue()
    {
        var json = """{"specversion":"1.0","id":"x","source":"/s","type":"t"}""";

        var message = KafkaEventEncoder.Encode(new EmittedEvent("t", "e", Utf8(json), "k"));

        Assert.Null(message.Value);
    }

    [Theory]
    [InlineData(KafkaEventFormat.CloudEventsBinary)]
    [InlineData(KafkaEventFormat.CloudEventsStructured)]
    [InlineData(KafkaEventFormat.PlainJson)]
    public void EncodeThenDecode_GivesTheSameEvent(KafkaEventFormat format)
    {
        var message = KafkaEventEncoder.Encode(Emitted(), format);

        var result = Decoder().Decode(Position, KafkaTimestamp, message.Key, message.Value, message.Headers, KafkaEventFormat.Auto, OrderPlacedType);

        Assert.True(result.IsValid, result.Detail);
        var envelope = result.Envelope;
        Assert.Equal(OrderPlacedType, envelope.Type);
        Assert.Equal("customer-7", envelope.EntityId);
        Assert.Equal(new OrderPlaced("o-9", 4.5m), JsonSerializer.Deserialize<OrderPlaced>(envelope.Data.Span, ReactorJson.Options));
        Assert.Equal(TraceParent, envelope.Headers[EmittedEvent.TraceParentHeader]);
        Assert.Equal("idem-1", envelope.Headers[EmittedEvent.IdempotencyKeyHeader]);
        if (format != KafkaEventFormat.PlainJson)
        {
            Assert.Equal("idem-1", envelope.Id);
            Assert.Equal("reactor://customer/customer-7", envelope.Source);
            Assert.Equal(EventTime, envelope.Time);
        }
    }

    internal static EmittedEvent Emitted(string topic = "out", string? traceParent = TraceParent) =>
        new(
            topic,
            "customer-7",
            CloudEventJson.Encode(
                "idem-1",
                "reactor://customer/customer-7",
                OrderPlacedType,
                "customer-7",
                EventTime,
                JsonSerializer.SerializeToElement(new OrderPlaced("o-9", 4.5m), ReactorJson.Options)),
            "idem-1",
            traceParent);

    internal static string? Header(Message<byte[]?, byte[]?> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
