namespace Reactor.Inference.Onnx.Providers;

/// <summary>An input description given as a function (<c>AddModelInputRedaction</c>).</summary>
internal sealed class DelegateModelInputRedactor(Func<string, IModelFeatures, string> describe) : IModelInputRedactor
{
    public string Describe(string model, IModelFeatures features) => describe(model, features);
}
