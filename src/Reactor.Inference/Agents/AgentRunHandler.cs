using Reactor.Inference.Models;
using Reactor.Runtime.Actions;

namespace Reactor.Inference.Agents;

/// <summary>Runs <see cref="AgentRun"/> actions from the outbox and reports what the agent did for the decision record.</summary>
internal sealed class AgentRunHandler(AgentCatalog catalog, ChatModelRegistry models, IServiceProvider services, TimeProvider time) : IReportingActionHandler<AgentRun>
{
    private readonly AgentServices _services = new(models, catalog.Tools, catalog.Redact, services, time);

    public Task<ActionReport> HandleAsync(AgentRun action, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var agent = catalog.Agents.GetValueOrDefault(action.Agent)
            ?? throw new InvalidOperationException($"No agent named '{action.Agent}' is registered; add it with AddAgent in AddReactorInference.");
        return agent.RunAsync(action, idempotencyKey, _services, cancellationToken);
    }
}
