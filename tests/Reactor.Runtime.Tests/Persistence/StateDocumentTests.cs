using System.Text.Json;
using System.Text.Json.Serialization;
using Reactor.Runtime.Persistence;

namespace Reactor.Runtime.Tests.Persistence;

public sealed class StateDocumentTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Documents_written_one_after_another_on_a_thread_each_hold_only_their_own_state()
    {
        var upgrades = new StateSchemaUpgrades();
        var large = StateDocument.Serialize(new Note(new string('x', 2_000_000)), Options, upgrades, "e1");
        var small = StateDocument.Serialize(new Note("hi"), Options, upgrades, "e2");
        var cleared = StateDocument.SerializeCleared("e3");

        Assert.Equal(new string('x', 2_000_000), StateDocument.Deserialize<Note>(large, Options, upgrades).State!.Text);
        var read = StateDocument.Deserialize<Note>(small, Options, upgrades);
        Assert.Equal(("e2", "hi"), (read.ETag, read.State!.Text));
        Assert.Equal("""{"format":1,"etag":"e3"}""", System.Text.Encoding.UTF8.GetString(cleared));
    }

    [Fact]
    public void A_state_whose_converter_writes_a_document_of_its_own_gets_both_written_whole()
    {
        var upgrades = new StateSchemaUpgrades();
        var options = new JsonSerializerOptions(Options) { Converters = { new NestingConverter(upgrades) } };

        var document = StateDocument.Serialize(new Nesting("outer"), options, upgrades, "outer-etag");

        using var parsed = JsonDocument.Parse(document);
        var state = parsed.RootElement.GetProperty("state");
        Assert.Equal("outer", state.GetProperty("name").GetString());
        var inner = StateDocument.Deserialize<Note>(state.GetProperty("inner").GetBytesFromBase64(), Options, upgrades);
        Assert.Equal(("inner-etag", "inner"), (inner.ETag, inner.State!.Text));
    }

    [Fact]
    public void A_state_that_fails_to_serialize_leaves_the_next_document_intact()
    {
        var upgrades = new StateSchemaUpgrades();
        var options = new JsonSerializerOptions(Options) { Converters = { new FailingConverter() } };

        Assert.Throws<InvalidOperationException>(() => StateDocument.Serialize(new Failing(), options, upgrades, "bad"));
        var document = StateDocument.Serialize(new Note("after"), Options, upgrades, "good");

        Assert.Equal("""{"format":1,"etag":"good","schemaVersion":1,"state":{"text":"after"}}""", System.Text.Encoding.UTF8.GetString(document));
    }

    [Fact]
    public void A_serialized_state_is_written_as_is_with_the_same_settings_and_again_with_other_settings()
    {
        var upgrades = new StateSchemaUpgrades().Register<Note>(4, static (state, _) => state);
        var note = new Note("same");
        var json = JsonSerializer.SerializeToUtf8Bytes(note, Options);

        var asIs = StateDocument.Serialize(new SerializedState(json, typeof(Note), Options), Options, upgrades, "e");
        Assert.Equal(StateDocument.Serialize(note, Options, upgrades, "e"), asIs);

        var pascal = new JsonSerializerOptions();
        var again = StateDocument.Serialize(new SerializedState(json, typeof(Note), Options), pascal, upgrades, "e");
        Assert.Equal(StateDocument.Serialize(note, pascal, upgrades, "e"), again);
        Assert.Contains("\"Text\":\"same\"", System.Text.Encoding.UTF8.GetString(again), StringComparison.Ordinal);
    }

    private sealed record Note(string Text);

    private sealed record Nesting(string Name);

    private sealed record Failing;

    private sealed class NestingConverter(StateSchemaUpgrades upgrades) : JsonConverter<Nesting>
    {
        public override Nesting Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Nesting value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("name", value.Name);
            writer.WriteBase64String("inner", StateDocument.Serialize(new Note("inner"), Options, upgrades, "inner-etag"));
            writer.WriteEndObject();
        }
    }

    private sealed class FailingConverter : JsonConverter<Failing>
    {
        public override Failing Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Failing value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("half", "written");
            throw new InvalidOperationException("cannot write this state");
        }
    }
}
