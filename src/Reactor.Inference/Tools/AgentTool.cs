using System.Text.Json;

namespace Reactor.Inference.Tools;

/// <summary>A tool agents may be allowed to call: its name, what the model is told about it, and the code that runs it.</summary>
/// <param name="Name">The name the model calls it by.</param>
/// <param name="Description">What it does, for the model.</param>
/// <param name="ParametersSchema">The JSON schema of its arguments.</param>
/// <param name="InvokeAsync">Runs a call and returns the text the model gets back.</param>
public sealed record AgentTool(string Name, string Description, JsonElement ParametersSchema, Func<ToolCall, Task<string>> InvokeAsync)
{
    /// <summary>The schema used when a tool declares none: any object.</summary>
    public static JsonElement AnyObject { get; } = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
}
