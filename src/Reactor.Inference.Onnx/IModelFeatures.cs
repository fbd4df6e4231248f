namespace Reactor.Inference.Onnx;

/// <summary>
/// Maps a typed feature record to one row of a model's input tensor. Implement it on a record whose properties are the
/// features, and write them in the order the model was trained on.
/// </summary>
public interface IModelFeatures
{
    /// <summary>Gets the number of features (the width of the model's input row).</summary>
    int Count { get; }

    /// <summary>Writes the features, in the model's order, to <paramref name="row"/>.</summary>
    /// <param name="row">A span of exactly <see cref="Count"/> elements.</param>
    void CopyTo(Span<float> row);
}
