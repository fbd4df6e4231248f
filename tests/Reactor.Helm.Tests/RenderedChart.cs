using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Reactor.Helm.Tests;

/// <summary>The manifests <c>helm template</c> rendered, each as a JSON tree for easy navigation.</summary>
internal sealed class RenderedChart
{
    private RenderedChart(List<JsonObject> manifests) => Manifests = manifests;

    public IReadOnlyList<JsonObject> Manifests { get; }

    public static RenderedChart Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var manifests = stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d => (JsonObject)ToJson(d.RootNode)!)
            .ToList();
        return new RenderedChart(manifests);
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Manifests.Where(m => (string?)m["kind"] == kind);

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Value: null or "null" or "~" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
