using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactor.Runtime.Actions;

/// <summary>
/// A built-in action: POST <paramref name="Body"/> as JSON to <paramref name="Endpoint"/> with the action's key in the
/// <c>Idempotency-Key</c> header. A non-success status fails the attempt (it is retried, then recorded as failed).
/// </summary>
/// <param name="Endpoint">The absolute http or https address.</param>
/// <param name="Body">The JSON body.</param>
public sealed record WebhookCall(Uri Endpoint, JsonElement Body) : IDescribedAction
{
    /// <summary>The HTTP header that carries the action's idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <inheritdoc />
    [JsonIgnore]
    public string ActionKind => "webhook";

    /// <inheritdoc />
    [JsonIgnore]
    public string ActionTarget => Endpoint.ToString();
}
