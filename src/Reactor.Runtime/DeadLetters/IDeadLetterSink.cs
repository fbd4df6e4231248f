namespace Reactor.Runtime.DeadLetters;

/// <summary>Receives events Reactor could not process. Implementations must not lose what they accept.</summary>
public interface IDeadLetterSink
{
    /// <summary>Writes one dead letter; the call completes once it is stored.</summary>
    /// <param name="deadLetter">The dead letter.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the dead letter is stored.</returns>
    Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default);
}
