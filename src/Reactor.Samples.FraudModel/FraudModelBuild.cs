namespace Reactor.Samples.FraudModel;

/// <summary>The result of one build: the coefficients, the ONNX file's bytes and hash, and how well it separates held-out data.</summary>
internal sealed record FraudModelBuild(LogisticModel Model, byte[] Onnx, string Sha256, double HoldoutAuc, double HoldoutFraudRate);
