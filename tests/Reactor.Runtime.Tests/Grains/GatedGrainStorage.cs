namespace Reactor.Runtime.Tests.Grains;

/// <summary>An in-memory grain storage whose writes wait until the test opens the gate: a disk that is slow on demand.</summary>
internal sealed class GatedGrainStorage : JsonMemoryGrainStorage
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int WritesStarted;

    public void Open() => _gate.TrySetResult();

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref WritesStarted);
        var json = Serialize(grainState);
        await _gate.Task;
        Store(stateName, grainId, grainState, json);
    }
}
