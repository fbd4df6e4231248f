using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;
using Reactor.Streaming.Kafka.Encoding;

// Not Reactor.Benchmarks.Encoding, which would hide System.Text.Encoding from every other namespace of this assembly.
namespace Reactor.Benchmarks.KafkaEncoding;

/// <summary>
/// Measures laying out one emitted event as a Kafka record, per format, on the egress path
/// (<c>dotnet run -c Release --project tests/Reactor.Benchmarks -- --filter '*KafkaEventEncoder*'</c>).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class KafkaEventEncoderBenchmarks
{
    private EmittedEvent _emitted = null!;

    /// <summary>Builds the emitted event once, as a reaction would.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var json = CloudEventJson.Encode(
            "customer/customer-004217/high-value-cart/3/commerce-carts/5/1234567/0",
            "reactor://customer/customer-004217",
            "com.example.commerce.cart-item-added",
            "customer-004217",
            new DateTimeOffset(2025, 1, 31, 8, 14, 59, 812, TimeSpan.Zero),
            JsonSerializer.SerializeToElement(new CartItemAdded("SKU-7781", 2, 19.99m, "EUR", "s-88812"), ReactorJson.Options));
        _emitted = new EmittedEvent(
            "commerce-alerts",
            "customer-004217",
            json,
            "customer/customer-004217/high-value-cart/3/commerce-carts/5/1234567/0",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    /// <summary>Binary mode: the JSON document is read once into headers and value.</summary>
    [Benchmark(Baseline = true)]
    public Message<byte[]?, byte[]?> Binary() => KafkaEventEncoder.Encode(_emitted, KafkaEventFormat.CloudEventsBinary);

    /// <summary>Structured mode: the document is the value.</summary>
    [Benchmark]
    public Message<byte[]?, byte[]?> Structured() => KafkaEventEncoder.Encode(_emitted, KafkaEventFormat.CloudEventsStructured);
}
