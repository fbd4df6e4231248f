using Reactor.Runtime.Actions;

namespace Reactor.Inference.Agents;

/// <summary>A registered agent, whatever its input and result types.</summary>
internal interface IAgent
{
    string Name { get; }

    string Model { get; }

    IReadOnlyList<string> AllowedTools { get; }

    Task<ActionReport> RunAsync(AgentRun run, string key, AgentServices services, CancellationToken cancellationToken);
}
