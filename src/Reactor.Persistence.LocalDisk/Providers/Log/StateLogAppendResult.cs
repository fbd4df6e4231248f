namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>The outcome of a <see cref="StateLogAppend"/> and the entry the writer compared against.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Stored">The entry that was stored before (for <see cref="StateLogAppendOutcome.Stale"/> and <see cref="StateLogAppendOutcome.Damaged"/>), if any.</param>
internal readonly record struct StateLogAppendResult(StateLogAppendOutcome Outcome, StateLogEntry? Stored);
