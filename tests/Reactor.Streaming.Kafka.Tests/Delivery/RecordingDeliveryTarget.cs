using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Concurrency;
using Reactor.Abstractions;
using Reactor.Runtime.Grains;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Stands in for an entity grain in unit tests of the direct delivery's logic: records each call's offsets, can hold calls
/// until released and fail a number of them. The delivery's integration with real grains is covered by the cluster tests.
/// </summary>
internal sealed class RecordingDeliveryTarget : IEntityDelivery
{
    private readonly ConcurrentQueue<long[]> _calls = new();
    private TaskCompletionSource? _hold;
    private int _failuresLeft;
    private int _running;
    private int _mostRunning;
    private int _attempts;

    /// <summary>Gets the offsets each call carried, in call order.</summary>
    public IReadOnlyList<long[]> Calls => [.. _calls];

    /// <summary>Gets the offsets delivered, in delivery order.</summary>
    public IReadOnlyList<long> Offsets => [.. _calls.SelectMany(c => c)];

    /// <summary>Gets how many calls were made, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Gets the most calls this target had running at once.</summary>
    public int MostRunning => Volatile.Read(ref _mostRunning);

    /// <summary>Gets or sets a counter shared by several targets, to see how many calls run at once across them.</summary>
    public StrongBox<int>? Shared { get; init; }

    /// <summary>Gets or sets the most calls running at once across the targets sharing <see cref="Shared"/>.</summary>
    public StrongBox<int>? SharedMost { get; init; }

    /// <summary>Makes calls wait until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held calls (and later ones) complete.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>Makes the next <paramref name="count"/> calls throw.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public Task DeliverAsync(EventEnvelope item) => RecordAsync([item.Position.Offset]);

    public Task DeliverAsync(Immutable<EventEnvelope[]> items) => RecordAsync([.. items.Value.Select(e => e.Position.Offset)]);

    private async Task RecordAsync(long[] offsets)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostRunning, running);
        if (Shared is { } shared && SharedMost is { } most)
        {
            InterlockedMax(ref most.Value, Interlocked.Increment(ref shared.Value));
        }

        try
        {
            if (_hold is { } hold)
            {
                await hold.Task;
            }
            else
            {
                await Task.Yield();
            }

            Interlocked.Increment(ref _attempts);
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw new TimeoutException("The test target failed this call.");
            }

            _calls.Enqueue(offsets);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            if (Shared is { } sharedCount)
            {
                Interlocked.Decrement(ref sharedCount.Value);
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
