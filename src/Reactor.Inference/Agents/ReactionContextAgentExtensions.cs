using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Inference.Agents;

/// <summary>Adds agents to the reaction context.</summary>
public static class ReactionContextAgentExtensions
{
    /// <summary>
    /// Runs a registered agent on <paramref name="input"/> through the entity's outbox: durable before it runs, run off
    /// the event path (a slow model never holds up the entity's next events), at least once with a stable key, and
    /// recorded in the decision (model, prompt version, redacted input, output, tool calls, tokens, latency, fallback).
    /// </summary>
    /// <typeparam name="TInput">The agent's input type.</typeparam>
    /// <param name="context">The reaction context.</param>
    /// <param name="agent">The agent's registered name.</param>
    /// <param name="input">The input, given to the model as delimited data.</param>
    /// <returns>A task that completes when the run is in the outbox.</returns>
    public static Task Agent<TInput>(this IReactionContext context, string agent, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(agent);
        return context.Act(new AgentRun(agent, context.EntityId, JsonSerializer.SerializeToElement(input, ReactorJson.Options)));
    }
}
