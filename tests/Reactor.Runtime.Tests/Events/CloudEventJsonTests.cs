using System.Text;
using System.Text.Json;
using Reactor.Runtime.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Events;

/// <summary>Reactor's CloudEvents writer gives the bytes the CloudEvents SDK gives, and rejects what the SDK rejects.</summary>
public sealed class CloudEventJsonTests
{
    private static readonly DateTimeOffset Second = new(2026, 11, 24, 20, 30, 5, TimeSpan.Zero);

    public static TheoryData<string, string, string, string, DateTimeOffset, string> SameAsTheSdk => new()
    {
        { "e-1", "/bench", "bench.added", "c-7", Second, """{"amount":1}""" },
        { "e-2", "reactor://order/o-1", "shop.order.paid", "o-1", Second.AddMilliseconds(125), """{"amount":5,"tags":["a","b"],"nested":{"x":null}}""" },
        { "e-3", "/s", "t", "s", Second.AddTicks(1_234_560), "[1,2.5,true,false,null]" },
        { "e-4", "/s", "t", "s", Second.AddTicks(1_234_567), "\"text\"" },
        { "e-5", "/s", "t", "s", new DateTimeOffset(2026, 11, 24, 20, 30, 5, TimeSpan.FromHours(5.5)), "null" },
        { "e-6", "/s", "t", "s", new DateTimeOffset(2026, 11, 24, 20, 30, 5, 7, TimeSpan.FromHours(-8)), "{}" },
        { "e-7", "/s", "t", "s", new DateTimeOffset(2026, 11, 24, 20, 30, 5, TimeSpan.FromHours(-3)).AddTicks(17), "0" },
        { "<a&b>'+", "https://example.com/x?y=1&z=<2>", "t\"q\\", "kunde-ä-😀", Second, """{"note":"<script>&'+ é 😀 \u0001"}""" },
    };

    [Theory]
    [MemberData(nameof(SameAsTheSdk))]
    public void Encode_WritesTheSdksBytes(string id, string source, string type, string subject, DateTimeOffset time, string data)
    {
        using var document = JsonDocument.Parse(data);

        var encoded = CloudEventJson.Encode(id, source, type, subject, time, document.RootElement);

        Assert.Equal(Encoding.UTF8.GetString(SdkCloudEvents.Encode(id, source, type, subject, time, document.RootElement).Span), Encoding.UTF8.GetString(encoded.Span));
    }

    [Fact]
    public void Encode_TheSameSourceAgainAfterAnother_IsCheckedAndWritten()
    {
        using var document = JsonDocument.Parse("{}");

        var first = CloudEventJson.Encode("e-1", "/a", "t", "s", Second, document.RootElement);
        var second = CloudEventJson.Encode("e-2", "/b", "t", "s", Second, document.RootElement);
        var third = CloudEventJson.Encode("e-3", "/a", "t", "s", Second, document.RootElement);

        Assert.Contains("\"source\":\"/a\"", Encoding.UTF8.GetString(first.Span), StringComparison.Ordinal);
        Assert.Contains("\"source\":\"/b\"", Encoding.UTF8.GetString(second.Span), StringComparison.Ordinal);
        Assert.Contains("\"source\":\"/a\"", Encoding.UTF8.GetString(third.Span), StringComparison.Ordinal);
        Assert.NotSame(first.ToArray(), third.ToArray());
    }

    public static TheoryData<string, string, string, string> Rejected => new()
    {
        { "", "/s", "t", "s" },
        { "e", "", "t", "s" },
        { "e", "/s", "", "s" },
        { "e", "/s", "t", "" },
        { "e", "/s", "t", "line\nbreak" },
        { "e\u0085", "/s", "t", "s" },
        { "e", "/s", "t\ufffe", "s" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Encode_AnAttributeTheSdkRejects_Throws(string id, string source, string type, string subject)
    {
        using var document = JsonDocument.Parse("{}");

        Assert.ThrowsAny<ArgumentException>(() => SdkCloudEvents.Encode(id, source, type, subject, Second, document.RootElement));
        Assert.ThrowsAny<ArgumentException>(() => CloudEventJson.Encode(id, source, type, subject, Second, document.RootElement));
    }

    // Not theory data: the test runner's serialization of theory arguments replaces lone surrogates.
    [Fact]
    public void Encode_LoneSurrogates_Throw()
    {
        using var document = JsonDocument.Parse("{}");

        foreach (var subject in new[] { "lone \ud83d high", "lone \ude00 low", "end \ud83d", "pair \ud83d\ude00 then \ud83d" })
        {
            Assert.ThrowsAny<ArgumentException>(() => SdkCloudEvents.Encode("e", "/s", "t", subject, Second, document.RootElement));
            Assert.ThrowsAny<ArgumentException>(() => CloudEventJson.Encode("e", "/s", "t", subject, Second, document.RootElement));
        }
    }

    [Fact]
    public void Encode_AfterALargeEvent_SmallOnesAreWrittenWhole()
    {
        using var large = JsonDocument.Parse($$"""{"blob":"{{new string('x', 200_000)}}"}""");
        using var small = JsonDocument.Parse("""{"n":1}""");

        var first = CloudEventJson.Encode("e-1", "/s", "t", "s", Second, large.RootElement);
        var second = CloudEventJson.Encode("e-2", "/s", "t", "s", Second, small.RootElement);

        Assert.Equal(Encoding.UTF8.GetString(SdkCloudEvents.Encode("e-1", "/s", "t", "s", Second, large.RootElement).Span), Encoding.UTF8.GetString(first.Span));
        Assert.Equal(Encoding.UTF8.GetString(SdkCloudEvents.Encode("e-2", "/s", "t", "s", Second, small.RootElement).Span), Encoding.UTF8.GetString(second.Span));
    }

    [Fact]
    public void Encode_NoJsonValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => CloudEventJson.Encode("e", "/s", "t", "s", Second, default));
    }

    [Fact]
    public void Encode_OnManyThreads_EachDocumentIsItsOwn()
    {
        var documents = Enumerable.Range(0, 2_000).AsParallel().Select(i =>
        {
            using var data = JsonDocument.Parse($$"""{"n":{{i}}}""");
            return (i, Json: Encoding.UTF8.GetString(CloudEventJson.Encode($"e-{i}", $"/s/{i % 3}", "t", $"c-{i}", Second, data.RootElement).Span));
        }).ToList();

        Assert.All(documents, d =>
        {
            using var parsed = JsonDocument.Parse(d.Json);
            Assert.Equal($"e-{d.i}", parsed.RootElement.GetProperty("id").GetString());
            Assert.Equal($"/s/{d.i % 3}", parsed.RootElement.GetProperty("source").GetString());
            Assert.Equal(d.i, parsed.RootElement.GetProperty("data").GetProperty("n").GetInt32());
        });
    }
}
