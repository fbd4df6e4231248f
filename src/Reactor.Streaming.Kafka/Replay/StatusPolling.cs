namespace Reactor.Streaming.Kafka.Replay;

/// <summary>
/// Reads a long-running operation's status from a grain until it is done, riding over the grain's silo going away:
/// a call to a silo that died before membership declared it dead times out or is rejected, and the next call
/// reaches the grain's new activation on a survivor.
/// </summary>
internal static class StatusPolling
{
    /// <summary>Consecutive failed reads tolerated before the last failure is thrown.</summary>
    internal const int MaxConsecutiveFailures = 5;

    /// <summary>Reads <paramref name="read"/> every <paramref name="pollInterval"/> until <paramref name="isDone"/> holds.</summary>
    /// <typeparam name="TStatus">The status type.</typeparam>
    /// <param name="read">Reads the status once.</param>
    /// <param name="isDone">Whether a status is final.</param>
    /// <param name="progress">Receives each status read, or <see langword="null"/>.</param>
    /// <param name="pollInterval">The time between reads.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final status.</returns>
    internal static async Task<TStatus> UntilDoneAsync<TStatus>(
        Func<Task<TStatus>> read,
        Func<TStatus, bool> isDone,
        IProgress<TStatus>? progress,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TStatus status;
            try
            {
                status = await read();
                failures = 0;
            }
            catch (Exception ex) when (IsSiloGone(ex) && ++failures < MaxConsecutiveFailures)
            {
                await Task.Delay(pollInterval, cancellationToken);
                continue;
            }

            progress?.Report(status);
            if (isDone(status))
            {
                return status;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>Whether a failed grain call means the grain's silo went away (so a retry reaches a new activation).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> for response time-outs and rejected messages.</returns>
    internal static bool IsSiloGone(Exception exception) =>
        exception is TimeoutException or OrleansMessageRejectionException;
}
