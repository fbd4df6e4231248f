using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Benchmarks.KafkaEncoding;

/// <summary>
/// Measures writing one emitted event as structured-mode CloudEvents JSON, as a reaction's emit does, against the
/// CloudEvents SDK writing the same bytes (<c>dotnet run -c Release --project tests/Reactor.Benchmarks -- --filter '*CloudEventJson*'</c>).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class CloudEventJsonBenchmarks
{
    private const string Id = "customer/customer-004217/high-value-cart/3/commerce-carts/5/1234567/0";
    private const string Source = "reactor://customer/customer-004217";
    private const string Type = "com.example.commerce.cart-item-added";
    private const string Subject = "customer-004217";
    private static readonly DateTimeOffset Time = new(2025, 1, 31, 8, 14, 59, 812, TimeSpan.Zero);
    private JsonElement _data;

    /// <summary>Serializes the payload once, as a reaction hands it over.</summary>
    [GlobalSetup]
    public void Setup() =>
        _data = JsonSerializer.SerializeToElement(new CartItemAdded("SKU-7781", 2, 19.99m, "EUR", "s-88812"), ReactorJson.Options);

    /// <summary>The CloudEvents SDK: a <c>CloudEvent</c>, its content type and its formatter.</summary>
    [Benchmark(Baseline = true)]
    public ReadOnlyMemory<byte> Sdk() => SdkCloudEvents.Encode(Id, Source, Type, Subject, Time, _data);

    /// <summary>Reactor's writer: the same bytes through one reused JSON writer.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte> Reactor() => CloudEventJson.Encode(Id, Source, Type, Subject, Time, _data);
}
