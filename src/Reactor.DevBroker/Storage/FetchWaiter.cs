namespace Reactor.DevBroker.Storage;

/// <summary>Wakes a parked fetch request when any partition it watches receives data.</summary>
internal sealed class FetchWaiter
{
    private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes on the first signal.</summary>
    public Task Signaled => _signal.Task;

    /// <summary>Wakes the waiting request.</summary>
    public void Signal() => _signal.TrySetResult();
}
