using System.Runtime.InteropServices;
using System.Text;
using Reactor.Abstractions;
using Reactor.Runtime.Events;

namespace Reactor.Runtime.Tests.Events;

/// <summary>What an envelope's data keeps alive while it waits in a cache.</summary>
public sealed class CloudEventDecoderDataTests
{
    private static readonly CloudEventDecoder Decoder = new(new EventTypeRegistry([new("com.example.added", typeof(object))]));
    private static readonly LogPosition Position = new("t", 0, 1);

    [Fact]
    public void Data_that_is_a_small_part_of_its_document_is_held_without_the_document()
    {
        var body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"e-1","source":"/shop/web","type":"com.example.added","subject":"c-1","data":{"a":1}}""");

        var data = Decode(body);

        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(data.Span));
        Assert.True(MemoryMarshal.TryGetArray(data, out var segment));
        Assert.NotSame(body, segment.Array);
        Assert.Equal(data.Length, segment.Array!.Length);
    }

    [Fact]
    public void Data_that_is_most_of_its_document_is_not_copied()
    {
        var payload = new string('x', 400);
        var body = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"/s\",\"type\":\"com.example.added\",\"subject\":\"c-2\",\"data\":{\"text\":\"" + payload + "\"}}");

        var data = Decode(body);

        Assert.True(MemoryMarshal.TryGetArray(data, out var segment));
        Assert.Same(body, segment.Array);
        Assert.Contains(payload, Encoding.UTF8.GetString(data.Span), StringComparison.Ordinal);
    }

    private static ReadOnlyMemory<byte> Decode(byte[] body)
    {
        var result = Decoder.Decode(body, key: null, Position, DateTimeOffset.UnixEpoch);
        Assert.True(result.IsValid);
        return result.Envelope!.Data;
    }
}
