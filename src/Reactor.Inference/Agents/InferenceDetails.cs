namespace Reactor.Inference.Agents;

/// <summary>Names the facts an agent run records in its action's details.</summary>
public static class InferenceDetails
{
    /// <summary>The model name agents use.</summary>
    public const string Model = "model";

    /// <summary>The model id at the endpoint.</summary>
    public const string ModelId = "modelId";

    /// <summary>The model version, when configured.</summary>
    public const string ModelVersion = "modelVersion";

    /// <summary>The prompt's id.</summary>
    public const string PromptId = "promptId";

    /// <summary>The prompt's version.</summary>
    public const string PromptVersion = "promptVersion";

    /// <summary>The input given to the model, after redaction.</summary>
    public const string Input = "input";

    /// <summary>The model's final answer.</summary>
    public const string Output = "output";

    /// <summary>The typed result acted on (the model's, or the fallback's), as JSON.</summary>
    public const string Result = "result";

    /// <summary>Why the declared fallback was taken; absent when the model's answer was used.</summary>
    public const string Fallback = "fallback";

    /// <summary>Milliseconds from the start of the run to its result.</summary>
    public const string LatencyMs = "latencyMs";

    /// <summary>Input tokens over all turns.</summary>
    public const string InputTokens = "inputTokens";

    /// <summary>Output tokens over all turns.</summary>
    public const string OutputTokens = "outputTokens";

    /// <summary>Model calls made.</summary>
    public const string Turns = "turns";
}
