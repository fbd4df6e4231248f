using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>The default input description: the features record as JSON, nothing masked.</summary>
internal sealed class JsonModelInputRedactor : IModelInputRedactor
{
    public static JsonModelInputRedactor Instance { get; } = new();

    public string Describe(string model, IModelFeatures features) =>
        JsonSerializer.Serialize(features, features.GetType(), ReactorJson.Options);
}
