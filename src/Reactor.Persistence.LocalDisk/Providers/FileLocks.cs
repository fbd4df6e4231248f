namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Serializes the read-compare-write sequence of each file across every store instance in the process
/// (several silos of an in-process test cluster may share one directory).
/// </summary>
/// <remarks>
/// A fixed array of semaphores striped by path hash bounds memory however many files exist; two files
/// sharing a stripe only wait for each other briefly. No operation holds more than one stripe, so
/// stripes cannot deadlock.
/// </remarks>
internal static class FileLocks
{
    private const int StripeCount = 1024;

    private static readonly SemaphoreSlim[] Stripes = CreateStripes();

    /// <summary>Waits for exclusive use of a file within this process.</summary>
    /// <param name="path">The full path of the file.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A releaser to dispose when done.</returns>
    public static async ValueTask<Releaser> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var stripe = Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % StripeCount)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    /// <summary>Releases a stripe acquired by <see cref="AcquireAsync"/>.</summary>
    /// <param name="stripe">The held stripe.</param>
    internal readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        /// <summary>Releases the stripe.</summary>
        public void Dispose() => stripe.Release();
    }
}
