namespace Reactor.Inference.Onnx;

/// <summary>Scores feature rows with one loaded model. Implementations are thread-safe and shared by every entity.</summary>
public interface IScoringModel
{
    /// <summary>Gets the registered model name.</summary>
    string Name { get; }

    /// <summary>Gets the model's configured version.</summary>
    string Version { get; }

    /// <summary>Gets the SHA-256 of the loaded model file, lower-case hex (empty for models that are not files).</summary>
    string Sha256 { get; }

    /// <summary>Scores one row of features.</summary>
    /// <param name="features">The features.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>The model's output row.</returns>
    ValueTask<ModelScore> ScoreAsync(IModelFeatures features, CancellationToken cancellationToken = default);
}
