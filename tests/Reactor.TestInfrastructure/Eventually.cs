namespace Reactor.TestInfrastructure;

/// <summary>Waits for a condition by polling it until a deadline, failing with a message that says what it waited for.</summary>
public static class Eventually
{
    /// <summary>The default deadline: generous, because CI runs on a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it returns true.</summary>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">The deadline; <see cref="DefaultTimeout"/> when omitted.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public static async Task Until(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(10);
        Exception? last;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }

                last = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeout} waiting for: {what}", last);
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> until it returns true.</summary>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">The deadline; <see cref="DefaultTimeout"/> when omitted.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static Task Until(string what, Func<bool> condition, TimeSpan? timeout = null) =>
        Until(what, () => Task.FromResult(condition()), timeout);
}
