namespace Reactor.Runtime.Tests.Grains;

/// <summary>An in-memory grain storage whose first write fails: a disk with one bad moment.</summary>
/// <param name="failAtOnce">Whether the failed write's task is already faulted when returned (a storage that fails before any I/O) rather than failing later.</param>
internal sealed class FailingFirstWriteStorage(bool failAtOnce = false) : JsonMemoryGrainStorage
{
    private int _writes;

    public int FailedWrites;

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Normally fails after the writer moved on, as a real disk does: the entity learns of it later.
        if (!failAtOnce)
        {
            await Task.Yield();
        }

        if (Interlocked.Increment(ref _writes) == 1)
        {
            Interlocked.Increment(ref FailedWrites);
            throw new IOException("The first write fails.");
        }

        Store(stateName, grainId, grainState, Serialize(grainState));
    }
}
