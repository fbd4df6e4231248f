using Confluent.Kafka;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.Streaming.Kafka.Encoding;

namespace Reactor.Streaming.Kafka.Tests.Encoding;

/// <summary>Builds Kafka record parts and a decoder over the registered test events.</summary>
internal static class TestRecords
{
    public const string OrderPlacedType = "com.example.order.placed";
    public const string CartClearedType = "com.example.cart.cleared";
    public const string Topic = "orders";
    public static readonly LogPosition Position = new(Topic, 3, 42);
    public static readonly DateTimeOffset KafkaTime = new(2025, 1, 31, 8, 15, 0, 123, TimeSpan.Zero);
    public static readonly Timestamp KafkaTimestamp = new(KafkaTime);
    public static readonly byte[] OrderData = System.Text.Encoding.UTF8.GetBytes("""{"orderId":"o-1","amount":12.5}""");
    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static EventTypeRegistry Registry { get; } = new(
    [
        new(OrderPlacedType, typeof(OrderPlaced)),
        new(CartClearedType, typeof(CartCleared)),
    ]);

    public static KafkaEventDecoder Decoder(TimeProvider? time = null) => new(Registry, time);

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>Builds headers from name-value pairs; a null value adds a header without a value.</summary>
    public static Headers Headers(params (string Name, string? Value)[] headers)
    {
        var result = new Headers();
        foreach (var (name, value) in headers)
        {
            result.Add(name, value is null ? null : Utf8(value));
        }

        return result;
    }

    /// <summary>The headers of a valid binary-mode OrderPlaced event, with extra ones appended.</summary>
    public static Headers BinaryHeaders(params (string Name, string? Value)[] extra) =>
        Headers(
        [
            ("ce_specversion", "1.0"),
            ("ce_id", "evt-1"),
            ("ce_source", "/shop/web"),
            ("ce_type", OrderPlacedType),
            ("ce_subject", "customer-7"),
            ("ce_time", "2025-01-31T09:00:00.5+01:00"),
            ("content-type", "application/json"),
            .. extra,
        ]);

    /// <summary>The headers of a valid binary-mode OrderPlaced event without the named ones.</summary>
    public static Headers BinaryHeadersWithout(params string[] names)
    {
        var all = BinaryHeaders();
        var result = new Headers();
        foreach (var header in all)
        {
            if (!names.Contains(header.Key))
            {
                result.Add(header.Key, header.GetValueBytes());
            }
        }

        return result;
    }

    /// <summary>A structured-mode OrderPlaced document.</summary>
    public static byte[] StructuredOrder(string? subject = "customer-7", string type = OrderPlacedType, string id = "evt-2") =>
        Utf8($$"""
        {
          "specversion": "1.0",
          "id": "{{id}}",
          "source": "/shop/web",
          "type": "{{type}}",
          {{(subject is null ? string.Empty : $"\"subject\": \"{subject}\",")}}
          "time": "2025-01-31T08:00:00Z",
          "datacontenttype": "application/json",
          "data": {"orderId":"o-2","amount":3}
        }
        """);
}
