using System.Text.Json;

namespace Reactor.Inference.Tools;

/// <summary>One call of a tool by an agent, as the tool's code sees it.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments the model gave, as a JSON object.</param>
/// <param name="IdempotencyKey">The call's stable key (the agent action's key and the call's ordinal): pass it downstream.</param>
/// <param name="EntityId">The entity whose reaction started the agent.</param>
/// <param name="Services">The silo's services.</param>
/// <param name="CancellationToken">Cancelled when the agent's wall time runs out.</param>
public sealed record ToolCall(string Tool, JsonElement Arguments, string IdempotencyKey, string EntityId, IServiceProvider Services, CancellationToken CancellationToken);
