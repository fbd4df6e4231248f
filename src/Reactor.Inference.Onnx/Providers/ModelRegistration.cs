namespace Reactor.Inference.Onnx.Providers;

/// <summary>One model registered under a name, and how to load it. A later registration of a name replaces an earlier one.</summary>
internal sealed record ModelRegistration(string Name, Func<IServiceProvider, CancellationToken, Task<IScoringModel>> Load);
