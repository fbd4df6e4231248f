namespace Reactor.Persistence.LocalDisk.Tests.Integration;

/// <summary>Persists a counter through <c>[PersistentState("s", "disk")]</c>.</summary>
public sealed class DiskCounterGrain([PersistentState("s", "disk")] IPersistentState<DiskCounterState> counter) : Grain, IDiskCounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Count);

    public Task Clear() => counter.ClearStateAsync();
}
