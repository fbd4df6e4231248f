namespace Reactor.Host;

/// <summary>Lets background work wait until every hosted service of the host has started.</summary>
internal static class HostStart
{
    /// <summary>Waits for <see cref="IHostApplicationLifetime.ApplicationStarted"/>.</summary>
    /// <returns><see langword="true"/> once started; <see langword="false"/> when stopping came first.</returns>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
