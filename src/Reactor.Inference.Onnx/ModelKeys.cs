namespace Reactor.Inference.Onnx;

/// <summary>The decision-record keys of one model's facts.</summary>
internal sealed class ModelKeys(string model)
{
    public string Version { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.Version);

    public string Sha256 { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.Sha256);

    public string Input { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.Input);

    public string Output { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.Output);

    public string LatencyMs { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.LatencyMs);

    public string Fallback { get; } = ModelDecisionKeys.For(model, ModelDecisionKeys.Fallback);
}
