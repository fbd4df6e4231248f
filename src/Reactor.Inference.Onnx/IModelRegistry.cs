namespace Reactor.Inference.Onnx;

/// <summary>Finds the models registered by name (<c>AddOnnxModel</c>, <c>Reactor:Models:&lt;name&gt;</c>, or a test's <c>AddModelAnswer</c>).</summary>
public interface IModelRegistry
{
    /// <summary>Gets the registered model names.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>Gets a model, loading it on first use when start-up has not loaded it yet.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="cancellationToken">Cancels waiting for the load.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="UnknownModelException">No model is registered under <paramref name="name"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded (missing file, SHA-256 mismatch, not ONNX).</exception>
    ValueTask<IScoringModel> GetAsync(string name, CancellationToken cancellationToken = default);
}
