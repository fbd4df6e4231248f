using System.Text.Json;
using System.Text.Json.Serialization;
using Reactor.Runtime.Actions;

namespace Reactor.Inference.Agents;

/// <summary>
/// The action a reaction takes to run an agent (<c>ctx.Agent(name, input)</c>). It goes through the entity's outbox like
/// any action: durable before it runs, run off the event path, at least once, its key passed on to its tool calls.
/// </summary>
/// <param name="Agent">The agent's registered name.</param>
/// <param name="EntityId">The entity that reacted (events emitted by the agent's tools are keyed by it).</param>
/// <param name="Input">The reaction's input for the prompt.</param>
public sealed record AgentRun(string Agent, string EntityId, JsonElement Input) : IDescribedAction
{
    /// <inheritdoc />
    [JsonIgnore]
    public string ActionKind => "agent";

    /// <inheritdoc />
    [JsonIgnore]
    public string ActionTarget => Agent;
}
