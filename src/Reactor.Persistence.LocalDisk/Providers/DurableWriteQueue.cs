using System.Threading.Channels;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// Runs blocking durable file operations (writes, <c>fsync</c>s, renames) on a few dedicated threads owned by a
/// store, so that callers await them without holding a .NET thread-pool thread.
/// </summary>
/// <remarks>
/// <para>
/// An <c>fsync</c> blocks its thread for milliseconds. Done inline in grain calls it starves the thread pool,
/// which also runs Orleans' scheduler and timers. Here each operation is queued on a bounded <see cref="Channel"/>
/// and run by one of <c>threadCount</c> background threads; its task completes with
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so the caller's continuation never runs on an
/// I/O thread. Several threads let several <c>fsync</c>s be in flight at once, which journaling file systems
/// (ext4, XFS) commit together.
/// </para>
/// <para>
/// Workers block in <see cref="ChannelReader{T}.ReadAsync"/>: the channel hands each new item to exactly one
/// blocked reader, so an item wakes one thread, not all of them. The channel allows synchronous continuations so
/// that this hand-off (and the release of a writer waiting for space) needs no thread-pool thread; the only code
/// run inline that way is this class's own.
/// </para>
/// <para>
/// <see cref="Complete"/> and <see cref="Dispose"/> stop accepting work; operations already accepted still run,
/// then the threads exit. An operation offered after that fails with an <see cref="ObjectDisposedException"/>
/// naming the store and the file. An operation whose cancellation token fires while it waits in the queue is
/// canceled and never runs; once it has started it runs to completion.
/// </para>
/// </remarks>
internal sealed class DurableWriteQueue : IDisposable
{
    /// <summary>The most operations waiting at once; further callers wait (asynchronously) for space.</summary>
    public const int Capacity = 4096;

    private const int WorkerStackSize = 256 * 1024;

    private readonly string _owner;
    private readonly Channel<WorkItem> _channel;
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    /// <summary>Initializes a new instance of the <see cref="DurableWriteQueue"/> class and starts its threads.</summary>
    /// <param name="owner">Names the store, as in "LocalDisk grain storage 'reactor'", for thread names and errors.</param>
    /// <param name="threadCount">The number of dedicated I/O threads, at least 1.</param>
    public DurableWriteQueue(string owner, int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        _owner = owner;
        _channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = true,
        });
        _threads = new Thread[threadCount];
        _running = threadCount;
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(Work, WorkerStackSize)
            {
                IsBackground = true,
                Name = $"{owner} I/O {i + 1}",
            };
        }

        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Gets the dedicated I/O threads (for tests: they are alive until the queue is stopped and drained).</summary>
    public IReadOnlyList<Thread> Threads => _threads;

    /// <summary>Gets a task that completes when the queue has been stopped, every accepted operation has run and every thread has exited.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues a blocking operation and returns a task that completes when it has run.</summary>
    /// <param name="operation">The operation; it runs on an I/O thread and may block.</param>
    /// <param name="path">The file the operation works on, for the error raised when the queue is stopped.</param>
    /// <param name="cancellationToken">Cancels the operation while it is still queued; once started it runs to completion.</param>
    /// <returns>A task that completes (on a thread-pool thread) with the operation's outcome.</returns>
    /// <exception cref="ObjectDisposedException">The queue is stopped; the operation was not run.</exception>
    public Task RunAsync(Action operation, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var item = new WorkItem(operation, cancellationToken);
        return _channel.Writer.TryWrite(item) ? item.Task : EnqueueSlowlyAsync(item, path, cancellationToken);
    }

    /// <summary>Stops accepting operations; those already accepted still run, then the threads exit (see <see cref="Stopped"/>).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Stops accepting operations, waits until those already accepted have run, and waits for the threads to exit.</summary>
    public void Dispose()
    {
        Complete();
        foreach (var thread in _threads)
        {
            // An operation never disposes its own queue, but if one did, joining itself would hang.
            if (thread != Thread.CurrentThread)
            {
                thread.Join();
            }
        }
    }

    private async Task EnqueueSlowlyAsync(WorkItem item, string path, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            item.Abandon();
            throw new ObjectDisposedException(
                $"{_owner} has stopped (it was disposed, or its silo shut down); the write of '{path}' was not performed.",
                ex);
        }
        catch (OperationCanceledException)
        {
            item.Abandon();
            throw;
        }

        await item.Task.ConfigureAwait(false);
    }

    private void Work()
    {
        var reader = _channel.Reader;
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var item))
                {
                    try
                    {
                        // Blocks this dedicated thread (never a pool thread) until an item is handed over or the queue is completed.
                        item = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
                    }
                    catch (ChannelClosedException)
                    {
                        return;
                    }
                }

                item.Run();
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _stopped.TrySetResult();
            }
        }
    }

    /// <summary>Pairs a queued operation with the task its caller awaits.</summary>
    private sealed class WorkItem
    {
        private const int Queued = 0;
        private const int Started = 1;
        private const int Canceled = 2;

        private readonly Action _operation;
        private readonly CancellationToken _cancellationToken;
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;
        private int _state;

        public WorkItem(Action operation, CancellationToken cancellationToken)
        {
            _operation = operation;
            _cancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static s => ((WorkItem)s!).CancelIfQueued(), this);
            }
        }

        public Task Task => _completion.Task;

        public void Run()
        {
            // Whoever moves the item out of Queued owns it: either it runs here or it was canceled and never runs.
            if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
            {
                return;
            }

            _registration.Dispose();
            try
            {
                // Any failure belongs to the caller, who observes it through the task.
                _operation();
                _completion.TrySetResult();
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
        }

        /// <summary>Releases the cancellation registration of an item that was never queued.</summary>
        public void Abandon() => _registration.Dispose();

        private void CancelIfQueued()
        {
            if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
            {
                _completion.TrySetCanceled(_cancellationToken);
            }
        }
    }
}
