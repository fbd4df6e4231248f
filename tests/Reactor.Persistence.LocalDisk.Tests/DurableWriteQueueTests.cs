using Reactor.Persistence.LocalDisk.Providers;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "IoThreads")]
public sealed class DurableWriteQueueTests
{
    private const string Owner = "LocalDisk grain storage 'queue-test'";

    [Fact]
    public async Task RunAsync_RunsOnADedicatedBackgroundThreadAndResumesTheCallerElsewhere()
    {
        using var queue = new DurableWriteQueue(Owner, 3);
        Thread? ranOn = null;

        var resumedOn = await RunAndReportResumingThreadAsync(queue, () => ranOn = Thread.CurrentThread);

        Assert.NotNull(ranOn);
        Assert.Contains(ranOn, queue.Threads);
        Assert.False(ranOn.IsThreadPoolThread);
        Assert.True(ranOn.IsBackground);
        Assert.StartsWith(Owner, ranOn.Name, StringComparison.Ordinal);
        Assert.DoesNotContain(resumedOn, queue.Threads);
        Assert.Equal(3, queue.Threads.Count);
    }

    [Fact]
    public async Task RunAsync_OperationThrows_TheTaskFaultsWithThatException()
    {
        using var queue = new DurableWriteQueue(Owner, 1);

        var ex = await Assert.ThrowsAsync<IOException>(() => queue.RunAsync(() => throw new IOException("disk full"), "file", CancellationToken.None));

        Assert.Equal("disk full", ex.Message);
        await queue.RunAsync(() => { }, "file", CancellationToken.None);
    }

    [Fact]
    public async Task RunAsync_ManyConcurrentOperations_RunEachExactlyOnce()
    {
        using var queue = new DurableWriteQueue(Owner, 8);
        var counts = new int[DurableWriteQueue.Capacity * 2];

        // More operations than the channel holds, so some callers wait for space.
        await Task.WhenAll(Enumerable.Range(0, counts.Length).Select(i => queue.RunAsync(() => Interlocked.Increment(ref counts[i]), "file", CancellationToken.None)));

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task RunAsync_CanceledWhileQueued_IsCanceledAndNeverRuns()
    {
        var queue = new DurableWriteQueue(Owner, 1);
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var blocker = queue.RunAsync(() => { started.Set(); gate.Wait(); }, "first", CancellationToken.None);
        started.Wait();
        using var cancellation = new CancellationTokenSource();
        var ran = false;
        var queued = queue.RunAsync(() => ran = true, "second", cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        gate.Set();
        await blocker;
        queue.Dispose();

        Assert.False(ran);
    }

    [Fact]
    public async Task RunAsync_WithCanceledToken_DoesNotRun()
    {
        using var queue = new DurableWriteQueue(Owner, 1);
        var ran = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.RunAsync(() => ran = true, "file", new CancellationToken(canceled: true)));
        await queue.RunAsync(() => { }, "file", CancellationToken.None);

        Assert.False(ran);
    }

    [Fact]
    public async Task Dispose_RunsEveryAcceptedOperationThenStopsTheThreads()
    {
        var queue = new DurableWriteQueue(Owner, 2);
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var ran = 0;
        var blocker = queue.RunAsync(() => { started.Set(); gate.Wait(); }, "first", CancellationToken.None);
        started.Wait();
        var accepted = Enumerable.Range(0, 50).Select(_ => queue.RunAsync(() => Interlocked.Increment(ref ran), "file", CancellationToken.None)).ToList();

        queue.Complete();
        var late = await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.RunAsync(() => Interlocked.Add(ref ran, 1000), "late-file", CancellationToken.None));
        gate.Set();
        queue.Dispose();

        await blocker;
        await Task.WhenAll(accepted);
        await queue.Stopped;
        Assert.Equal(50, ran);
        Assert.All(queue.Threads, t => Assert.False(t.IsAlive));
        Assert.Contains(Owner, late.Message, StringComparison.Ordinal);
        Assert.Contains("late-file", late.Message, StringComparison.Ordinal);
        Assert.Contains("stopped", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var queue = new DurableWriteQueue(Owner, 4);

        queue.Dispose();
        queue.Dispose();

        Assert.All(queue.Threads, t => Assert.False(t.IsAlive));
    }

    private static async Task<Thread> RunAndReportResumingThreadAsync(DurableWriteQueue queue, Action operation)
    {
        // Without a synchronization context the continuation runs wherever the task is completed from, unless it is
        // completed asynchronously, as the queue does.
        await queue.RunAsync(operation, "file", CancellationToken.None).ConfigureAwait(false);
        return Thread.CurrentThread;
    }
}
