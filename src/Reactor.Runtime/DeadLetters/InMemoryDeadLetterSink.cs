using System.Collections.Concurrent;

namespace Reactor.Runtime.DeadLetters;

/// <summary>Keeps dead letters in memory, for tests and for inspecting a process that has no Kafka.</summary>
public sealed class InMemoryDeadLetterSink : IDeadLetterSink
{
    private readonly ConcurrentQueue<DeadLetter> _items = new();

    /// <summary>Gets the dead letters written so far, oldest first.</summary>
    public IReadOnlyList<DeadLetter> Items => [.. _items];

    /// <inheritdoc />
    public Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        _items.Enqueue(deadLetter);
        return Task.CompletedTask;
    }
}
