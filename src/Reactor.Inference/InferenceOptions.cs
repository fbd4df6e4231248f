namespace Orleans.Configuration;

/// <summary>Configures the chat models reactions may use (<c>Reactor:Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section Reactor binds by convention.</summary>
    public const string SectionName = "Reactor:Inference";

    /// <summary>
    /// Gets the chat models by the name agents refer to them with (<c>Reactor:Inference:Models:summarizer:Endpoint</c>).
    /// A model without an endpoint is not configured: agents that need it take their declared fallback. Default: none.
    /// </summary>
    public Dictionary<string, ChatModelOptions> Models { get; } = new(StringComparer.Ordinal);
}
