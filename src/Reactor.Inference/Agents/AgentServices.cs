using Reactor.Inference.Models;
using Reactor.Inference.Tools;

namespace Reactor.Inference.Agents;

/// <summary>What an agent run uses from the silo.</summary>
/// <param name="Models">The configured chat models.</param>
/// <param name="Tools">The registered tools by name.</param>
/// <param name="Redact">Redacts the input (agent name, JSON) before it leaves the process or enters a record.</param>
/// <param name="Services">The silo's services.</param>
/// <param name="Time">The clock.</param>
internal sealed record AgentServices(
    ChatModelRegistry Models,
    IReadOnlyDictionary<string, AgentTool> Tools,
    Func<string, string, string> Redact,
    IServiceProvider Services,
    TimeProvider Time);
