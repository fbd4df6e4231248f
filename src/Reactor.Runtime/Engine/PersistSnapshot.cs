using Reactor.Abstractions;

namespace Reactor.Runtime.Engine;

/// <summary>A copy of an entity's document and its unwritten decisions, written while the entity goes on processing events.</summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
/// <param name="Document">The document copy; its positions are what the write makes durable.</param>
/// <param name="Decisions">The decisions to append to the decision log before the document is written.</param>
/// <param name="NewOutboxKeys">The keys of outbox entries this write makes durable for the first time: they may run once it succeeds.</param>
public sealed record PersistSnapshot<TState>(EntityDocument<TState> Document, IReadOnlyList<DecisionRecord> Decisions, IReadOnlyList<string>? NewOutboxKeys = null)
    where TState : class, new();
