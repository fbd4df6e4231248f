namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>Polls a condition until it holds or a deadline passes; the failure says what was awaited and what was last seen.</summary>
internal static class Eventually
{
    public static async Task<T> WaitForAsync<T>(string what, TimeSpan timeout, Func<Task<(bool Done, T Value, string Observed)>> probe)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        string observed;
        while (true)
        {
            try
            {
                var (done, value, seen) = await probe();
                if (done)
                {
                    return value;
                }
                observed = seen;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                observed = $"{ex.GetType().Name}: {ex.Message}";
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}; last observed: {observed}");
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
