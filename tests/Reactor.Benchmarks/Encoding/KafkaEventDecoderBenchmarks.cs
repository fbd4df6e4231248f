using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.Streaming.Kafka.Encoding;

// Not Reactor.Benchmarks.Encoding, which would hide System.Text.Encoding from every other namespace of this assembly.
namespace Reactor.Benchmarks.KafkaEncoding;

/// <summary>
/// Measures decoding one consumed Kafka record into an envelope, per format, on the receive path
/// (<c>dotnet run -c Release --project tests/Reactor.Benchmarks -- --filter '*KafkaEventDecoder*'</c>).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class KafkaEventDecoderBenchmarks
{
    private const string Type = "com.example.commerce.cart-item-added";
    private static readonly LogPosition Position = new("commerce-carts", 5, 1_234_567);
    private static readonly Timestamp KafkaTimestamp = new(new DateTimeOffset(2025, 1, 31, 8, 15, 0, TimeSpan.Zero));

    private static readonly EventTypeRegistry Registry = new([new(Type, typeof(CartItemAdded)), new("com.example.other", typeof(string))]);
    private readonly KafkaEventDecoder _decoder = new(Registry);
    private readonly CloudEventDecoder _cloudEventDecoder = new(Registry);
    private readonly byte[] _key = "customer-004217"u8.ToArray();
    private readonly byte[] _data = """{"sku":"SKU-7781","quantity":2,"unitPrice":19.99,"currency":"EUR","sessionId":"s-88812"}"""u8.ToArray();
    private readonly Headers _binaryHeaders = new()
    {
        { "ce_specversion", "1.0"u8.ToArray() },
        { "ce_id", "6f1d2c9e-3b1a-4c55-9a1e-2f6b8d0c4e11"u8.ToArray() },
        { "ce_source", "/commerce/web"u8.ToArray() },
        { "ce_type", "com.example.commerce.cart-item-added"u8.ToArray() },
        { "ce_subject", "customer-004217"u8.ToArray() },
        { "ce_time", "2025-01-31T08:14:59.8123Z"u8.ToArray() },
        { "content-type", "application/json"u8.ToArray() },
        { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray() },
    };

    private readonly Headers _structuredHeaders = new()
    {
        { "content-type", "application/cloudevents+json; charset=UTF-8"u8.ToArray() },
        { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray() },
    };

    private readonly Headers _plainHeaders = new()
    {
        { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray() },
    };

    private readonly Headers _unknownTypeHeaders = new()
    {
        { "ce_specversion", "1.0"u8.ToArray() },
        { "ce_id", "6f1d2c9e-3b1a-4c55-9a1e-2f6b8d0c4e11"u8.ToArray() },
        { "ce_source", "/commerce/web"u8.ToArray() },
        { "ce_type", "com.example.commerce.cart-item-removed"u8.ToArray() },
        { "content-type", "application/json"u8.ToArray() },
    };

    private byte[] _structured = [];

    /// <summary>Builds the structured document once.</summary>
    [GlobalSetup]
    public void Setup() =>
        _structured = CloudEventJson.Encode(
            "6f1d2c9e-3b1a-4c55-9a1e-2f6b8d0c4e11",
            "/commerce/web",
            Type,
            "customer-004217",
            new DateTimeOffset(2025, 1, 31, 8, 14, 59, 812, TimeSpan.Zero),
            JsonSerializer.Deserialize<JsonElement>(_data)).ToArray();

    /// <summary>Binary mode, format configured for the topic.</summary>
    [Benchmark(Baseline = true)]
    public EventEnvelope? Binary() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _data, _binaryHeaders, KafkaEventFormat.CloudEventsBinary).Envelope;

    /// <summary>Binary mode, detected per record.</summary>
    [Benchmark]
    public EventEnvelope? BinaryAuto() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _data, _binaryHeaders, KafkaEventFormat.Auto).Envelope;

    /// <summary>Structured mode (validated by <see cref="CloudEventDecoder"/>), format configured.</summary>
    [Benchmark]
    public EventEnvelope? Structured() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _structured, _structuredHeaders, KafkaEventFormat.CloudEventsStructured).Envelope;

    /// <summary>The Runtime's structured decoder alone, to separate its cost from the Kafka layer's.</summary>
    [Benchmark]
    public EventEnvelope? StructuredRuntimeDecoderOnly() =>
        _cloudEventDecoder.Decode(_structured, "customer-004217", Position, default).Envelope;

    /// <summary>Plain JSON, format configured.</summary>
    [Benchmark]
    public EventEnvelope? PlainJson() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _data, _plainHeaders, KafkaEventFormat.PlainJson, Type).Envelope;

    /// <summary>Plain JSON, detected per record (rules out a structured document first).</summary>
    [Benchmark]
    public EventEnvelope? PlainJsonAuto() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _data, _plainHeaders, KafkaEventFormat.Auto, Type).Envelope;

    /// <summary>A binary-mode record of an unregistered type: the rejection path.</summary>
    [Benchmark]
    public string? BinaryUnknownType() =>
        _decoder.Decode(Position, KafkaTimestamp, _key, _data, _unknownTypeHeaders, KafkaEventFormat.CloudEventsBinary).Detail;
}
