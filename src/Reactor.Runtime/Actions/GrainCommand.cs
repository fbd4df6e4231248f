using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactor.Runtime.Actions;

/// <summary>
/// A built-in action: send <paramref name="Command"/> to the grain <paramref name="GrainKey"/> of
/// <paramref name="GrainInterface"/>, an <see cref="Abstractions.IGrainCommandTarget{TCommand}"/>. Everything needed to
/// send it again is in the record, so it survives a restart in the outbox.
/// </summary>
/// <param name="GrainInterface">The grain interface, as <c>full type name, assembly name</c>.</param>
/// <param name="GrainKey">The grain's key.</param>
/// <param name="CommandType">The command's type, as <c>full type name, assembly name</c>.</param>
/// <param name="Command">The command as JSON.</param>
public sealed record GrainCommand(string GrainInterface, string GrainKey, string CommandType, JsonElement Command) : IDescribedAction
{
    /// <inheritdoc />
    [JsonIgnore]
    public string ActionKind => "grain-command";

    /// <inheritdoc />
    [JsonIgnore]
    public string ActionTarget => $"{ShortName(GrainInterface)}/{GrainKey}";

    private static string ShortName(string typeName)
    {
        var fullName = typeName.Split(',')[0];
        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }
}
