namespace Reactor.Inference.Onnx;

/// <summary>Names the facts <c>ctx.Score</c> writes to the decision record, each prefixed <c>model.&lt;name&gt;.</c>.</summary>
public static class ModelDecisionKeys
{
    /// <summary>The model's version (<c>fallback</c> when the declared fallback answered).</summary>
    public const string Version = "version";

    /// <summary>The SHA-256 of the model file that answered.</summary>
    public const string Sha256 = "sha256";

    /// <summary>The input given to the model, as the redaction hook describes it.</summary>
    public const string Input = "input";

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

    /// <summary>Gets the keys of one model, built once per model name (scores are on the hot path).</summary>
    /// <param name="model">The model name.</param>
    /// <returns>The keys.</returns>
    internal static ModelKeys Of(string model) => Cache.GetOrAdd(model, static m => new ModelKeys(m));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelKeys> Cache = new(StringComparer.Ordinal);
}
