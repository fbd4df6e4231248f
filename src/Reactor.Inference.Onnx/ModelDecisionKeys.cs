namespace Reactor.Inference.Onnx;

/// <summary>Names the facts <c>ctx.Score</c> writes to the decision record, each prefixed <c>model.&lt;name&gt;.</c>.</summary>
public static class ModelDecisionKeys
{
    /// <summary>The model's version (<c>fallback</c> when the declared fallback answered).</summary>
    public const string Version = "version";

    /// <summary>The SHA-256 of the model file that answered.</summary>
    public const string Sha256 = "sha256";

    /// <summary>The inputs, as the redaction hook describes them.</summary>
    public const string Inputs = "inputs";

    /// <summary>The output row, comma-separated.</summary>
    public const string Output = "output";

    /// <summary>The time the score took, in milliseconds (queueing for a micro-batch included).</summary>
    public const string LatencyMs = "latencyMs";

    /// <summary>Why the declared fallback answered instead of the model; absent when the model answered.</summary>
    public const string Fallback = "fallback";

    /// <summary>Builds the full decision-record key of a fact about a model.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="fact">One of this class's constants.</param>
    /// <returns>The key, for example <c>model.fraud.version</c>.</returns>
    public static string For(string model, string fact) => $"model.{model}.{fact}";
}
