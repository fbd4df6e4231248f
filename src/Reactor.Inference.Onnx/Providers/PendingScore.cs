namespace Reactor.Inference.Onnx.Providers;

/// <summary>One caller's row waiting in a micro-batch, and where its answer goes.</summary>
internal sealed class PendingScore(float[] row)
{
    public float[] Row { get; } = row;

    public TaskCompletionSource<float[]> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
