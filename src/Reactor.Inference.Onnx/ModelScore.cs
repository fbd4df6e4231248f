namespace Reactor.Inference.Onnx;

/// <summary>Holds what a model answered for one row of features, and which model answered.</summary>
/// <param name="Model">The registered model name.</param>
/// <param name="Version">The model's configured version; <c>fallback</c> when no model answered.</param>
/// <param name="Sha256">The SHA-256 of the model file that answered, lower-case hex; empty when no file did.</param>
/// <param name="Values">The output row (for a binary classifier, one value: the probability of the positive class).</param>
public sealed record ModelScore(string Model, string Version, string Sha256, IReadOnlyList<float> Values)
{
    /// <summary>Gets the first output value: for a binary classifier, the probability of the positive class.</summary>
    public float Value => Values.Count > 0 ? Values[0] : float.NaN;

    /// <summary>Gets a value indicating whether the reaction's declared fallback stood in for the model.</summary>
    public bool IsFallback { get; init; }

    /// <summary>Gets why the fallback was taken, when <see cref="IsFallback"/> is set.</summary>
    public string? FallbackReason { get; init; }
}
