namespace Reactor.Inference.Agents;

/// <summary>Ends an agent run early (over budget, unparseable answer); the run takes its declared fallback with <see cref="Exception.Message"/> as the reason.</summary>
internal sealed class AgentRefusal(string reason) : Exception(reason);
