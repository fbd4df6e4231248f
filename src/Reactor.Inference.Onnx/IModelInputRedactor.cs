namespace Reactor.Inference.Onnx;

/// <summary>
/// Turns the features given to a model into the text the decision record keeps. Replace it
/// (<c>AddModelInputRedaction</c>) to mask personal data before it is recorded; the default writes the features as JSON.
/// </summary>
public interface IModelInputRedactor
{
    /// <summary>Describes the inputs for the decision record.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="features">The features given to the model.</param>
    /// <returns>What the decision record keeps.</returns>
    string Describe(string model, IModelFeatures features);
}
