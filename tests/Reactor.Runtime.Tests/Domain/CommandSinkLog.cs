using System.Collections.Concurrent;

namespace Reactor.Runtime.Tests.Domain;

/// <summary>What <see cref="CommandSinkGrain"/> received, shared with the test through the silo's services.</summary>
public sealed class CommandSinkLog
{
    private int _failures;

    public ConcurrentQueue<(string Sink, string Key, int Amount)> Received { get; } = new();

    /// <summary>Gets or sets a value indicating whether received commands wait until the silo stops (a send cut short).</summary>
    public bool Hang { get; set; }

    /// <summary>Makes the next <paramref name="count"/> commands fail after they are recorded.</summary>
    public void FailNext(int count) => _failures = count;

    public bool TakeFailure() => Interlocked.Decrement(ref _failures) >= 0;
}
