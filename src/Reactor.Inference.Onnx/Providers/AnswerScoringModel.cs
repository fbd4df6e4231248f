namespace Reactor.Inference.Onnx.Providers;

/// <summary>A model whose answer a test supplies (<c>AddModelAnswer</c>), so reaction tests need no ONNX file.</summary>
internal sealed class AnswerScoringModel(string name, Func<IModelFeatures, double> answer) : IScoringModel
{
    public string Name { get; } = name;

    public string Version => "test-answer";

    public string Sha256 => string.Empty;

    public ValueTask<ModelScore> ScoreAsync(IModelFeatures features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        return new(new ModelScore(Name, Version, Sha256, [(float)answer(features)]));
    }
}
