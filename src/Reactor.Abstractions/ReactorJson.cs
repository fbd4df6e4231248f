using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactor.Abstractions;

/// <summary>Holds the System.Text.Json settings Reactor uses for event payloads, state documents and records.</summary>
public static class ReactorJson
{
    /// <summary>Gets the shared options: camelCase names, case-insensitive reads, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
