namespace Reactor.Inference.Agents;

/// <summary>
/// Limits one agent run, enforced by the runtime whatever the model answers. A tool call over
/// <paramref name="MaxToolCalls"/> is refused and recorded; going over <paramref name="MaxTokens"/>,
/// <paramref name="MaxTurns"/> or <paramref name="MaxWallTime"/> ends the run with the declared fallback.
/// </summary>
/// <param name="MaxToolCalls">Tool calls that may run. Default: 3.</param>
/// <param name="MaxTokens">Input plus output tokens over all turns. Default: 8,000.</param>
/// <param name="MaxTurns">Model calls. Default: 4.</param>
/// <param name="MaxWallTime">Time for the whole run, tool calls included; <see langword="null"/> means 2 minutes.</param>
public sealed record AgentBudget(int MaxToolCalls = 3, long MaxTokens = 8_000, int MaxTurns = 4, TimeSpan? MaxWallTime = null)
{
    /// <summary>Gets the wall-time limit.</summary>
    public TimeSpan WallTime => MaxWallTime ?? TimeSpan.FromMinutes(2);
}
