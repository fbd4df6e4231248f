using Reactor.Inference.Tools;

namespace Reactor.Inference.Agents;

/// <summary>The agents and tools registered with <c>AddReactorInference</c>.</summary>
/// <param name="Agents">The agents by name.</param>
/// <param name="Tools">The tools by name.</param>
/// <param name="Redact">The redaction hook.</param>
internal sealed record AgentCatalog(
    IReadOnlyDictionary<string, IAgent> Agents,
    IReadOnlyDictionary<string, AgentTool> Tools,
    Func<string, string, string> Redact);
