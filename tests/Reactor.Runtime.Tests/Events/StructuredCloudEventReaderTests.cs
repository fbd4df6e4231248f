using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Reactor.Runtime.Events;

namespace Reactor.Runtime.Tests.Events;

/// <summary>The one-pass reader agrees with the CloudEvents SDK wherever it answers, and leaves the rest to the SDK.</summary>
public sealed class StructuredCloudEventReaderTests
{
    private const string Common = """{"specversion":"1.0","id":"e-1","source":"/shop/web","type":"com.example.added","subject":"c-7","time":"2026-11-22T10:00:00.125Z","datacontenttype":"application/json","data":{"amount":5,"tags":["a"]}}""";

    public static TheoryData<string> ReadInOnePass => new()
    {
        Common,
        """{"specversion":"1.0","id":"e-2","source":"urn:shop","type":"t","data":"text"}""",
        """{ "data" : [1, 2], "type":"t", "id":"e-3", "source":"https://example.com/x?y=1", "specversion":"1.0", "time":"2026-11-22T10:00:00+02:00" }""",
        """{"specversion":"1.0","id":"e-4","source":"/s","type":"t","datacontenttype":"application/cloudevents-batch+json; charset=utf-8","data":null}""",
        """{"specversion":"1.0","id":"e-5","source":"/s","type":"t"}""",
        """{"specversion":"1.0","id":"e-6","source":"\/shop\/web","type":"com.example.\u0061dded","time":"2026-11-22T10:00:00.123456789-05:30"}""",
        """{"specversion":"1.0","id":"e-7","source":"HTTPS://Example.COM:443/a/../b","type":"t","time":"2026-11-22T10:00:00Z"}""",
    };

    public static TheoryData<string> LeftToTheSdk => new()
    {
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","data_base64":"AAEC"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","datacontenttype":"text/plain","data":"hi"}""",
        """{"specversion":"0.3","id":"e-1","source":"/s","type":"t"}""",
        """{"specversion":"1.0","source":"/s","type":"t"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","time":"2026-11-22T10:00:00"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","time":"2026-11-22t10:00:00z"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t","subject":""}""",
        """{"specversion":"1.0","id":"e-1","id":"e-2","source":"/s","type":"t"}""",
        """{"specversion":"1.0","id":7,"source":"/s","type":"t"}""",
        """{"specversion":"1.0","id":"e-1","source":"/s","type":"t"} trailing""",
        """[1,2]""",
        """not json""",
    };

    [Theory]
    [MemberData(nameof(ReadInOnePass))]
    public void Common_documents_are_read_in_one_pass_exactly_as_the_sdk_reads_them(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var read = StructuredCloudEventReader.TryRead(body);
        var sdk = new JsonEventFormatter().DecodeStructuredModeMessage(body, new ContentType("application/cloudevents+json"), extensionAttributes: null);

        Assert.NotNull(read);
        Assert.Equal((sdk.Id, sdk.Source!.ToString(), sdk.Type, sdk.Subject, sdk.Time), (read.Id, read.Source, read.Type, read.Subject, read.Time));
        var sdkData = sdk.Data is null ? "null" : JsonSerializer.Serialize(sdk.Data);
        var readData = read.Data is { } data ? JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(data.Span)) : "null";
        Assert.Equal(sdkData, readData);
    }

    [Theory]
    [MemberData(nameof(LeftToTheSdk))]
    public void Other_documents_are_left_to_the_sdk(string json) =>
        Assert.Null(StructuredCloudEventReader.TryRead(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Sources_and_types_that_change_from_event_to_event_are_read_for_each_event()
    {
        // More distinct values than the reader remembers, revisited out of order.
        foreach (var i in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 11, 5, 5, 9, 1, 12, 3 })
        {
            var json = $$"""{"specversion":"1.0","id":"e-{{i}}","source":"urn:shop:{{i}}","type":"com.example.t{{i}}","subject":"c-{{i}}"}""";
            var body = Encoding.UTF8.GetBytes(json);

            var read = StructuredCloudEventReader.TryRead(body);
            var sdk = new JsonEventFormatter().DecodeStructuredModeMessage(body, new ContentType("application/cloudevents+json"), extensionAttributes: null);

            Assert.NotNull(read);
            Assert.Equal((sdk.Source!.ToString(), sdk.Type), (read.Source, read.Type));
        }
    }

    [Fact]
    public void Data_is_kept_as_the_original_bytes()
    {
        var read = StructuredCloudEventReader.TryRead(Encoding.UTF8.GetBytes(Common));

        Assert.Equal("""{"amount":5,"tags":["a"]}""", Encoding.UTF8.GetString(read!.Data!.Value.Span));
    }
}
